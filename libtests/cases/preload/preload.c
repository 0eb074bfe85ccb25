#include "lt.h"
/* Interposes pl_func of libpl and rand() of libc. */
const char *pl_func(void) { return "preload"; }
int rand(void) { return 4242; }
__attribute__((constructor)) static void pre_ctor(void) { out("preload: ctor\n"); }
