#include "lt.h"
int au2_fn(void) { return 7; }
__attribute__((constructor)) static void init(void) { out("libau2 constructor\n"); }
__attribute__((destructor)) static void fini(void) { out("libau2 destructor\n"); }
