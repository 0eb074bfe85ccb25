/* libdla.so: needs libdlb.so */
#include "lt.h"
int dlb_func(int);
int dla_var = 42;
int dla_func(int x) { return dlb_func(x) + 1; }
static int __attribute__((noinline)) dla_static(int x) { return x * 3; }
int (*dla_static_ptr(void))(int) { return dla_static; }
const char *dla_whoami(void) { return "libdla"; }
