/* libV.so as first shipped: no versions (libW0 is linked against it) */
int vsym(void) { return 400; }
int hid(void) { return 400; }
