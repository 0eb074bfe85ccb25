/* libcosmall.so: something for the dlopen/dlclose loop to allocate */
int cosmall_data[256] = { 1 };
static int calls;
static void __attribute__((constructor)) c(void) { calls++; }
int cosmall_fn(int x) { cosmall_data[x & 255] += x; return cosmall_data[x & 255] + calls; }
