/* calls a function nobody defines, but only from lu_never() */
#include "lt.h"
void missing_dl_fn(void);
static void __attribute__((constructor)) c(void) { out("liblazyundef ctor\n"); }
void lu_never(void) { missing_dl_fn(); }
int lu_ok(void) { return 17; }
