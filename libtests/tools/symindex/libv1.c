/* libV.so with version V1 only (libW1 is linked against it) */
int vsym(void) { return 401; }
int hid(void) { return 402; }
