/* libcotls.so: dynamic TLS for the dlopen/dlclose loop */
__thread int cotls_var = 7;
__thread char cotls_buf[4000];
int cotls_fn(int x) { cotls_buf[(unsigned)x % 4000] = (char)x; return cotls_var++ + cotls_buf[0]; }
