#include "lt.h"
int dep_fn(void) { return 40; }
__attribute__((destructor)) static void dtor(void) { out("dep %s dtor\n", NAME); }
