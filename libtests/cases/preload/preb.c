#include "lt.h"
/* A second preload: pl_func is libpreload.so's if that comes first in the
   global scope (LD_PRELOAD before --preload), pl_other is only here. */
const char *pl_func(void) { return "preb"; }
const char *pl_other(void) { return "preb-other"; }
__attribute__((constructor)) static void preb_ctor(void) { out("preb: ctor\n"); }
