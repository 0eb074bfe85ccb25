#include "lt.h"
static void __attribute__((constructor)) c(void) { out("%s ctor\n", NAME); }
static void __attribute__((destructor)) d(void) { out("%s dtor\n", NAME); }
int nodel_fn(void) { return 5; }
