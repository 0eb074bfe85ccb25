/* libdlb.so */
int dlb_func(int x) { return x * 2; }
const char *dla_whoami(void) { return "libdlb"; }
