#include "lt.h"
int lib_data = 42;
const char *lib_strs[] = { "alpha", "beta", "gamma" };
const char *const lib_msg = "message from lib";
int lib_add(int a, int b) { return a + b; }
static int sq(int x) { return x * x; }
static int neg(int x) { return -x; }
int (*lib_fptrs[])(int) = { sq, neg };
int *lib_data_ptr = &lib_data;
int (*lib_get_add(void))(int, int) { return lib_add; }
int *lib_data_addr(void) { return &lib_data; }
int lib_call(int (*cb)(int), int v) { return cb(v) + 1; }
