/* references data nobody defines (never bound lazily) */
#include "lt.h"
extern int missing_dl_var;
static void __attribute__((constructor)) c(void) { out("libdataundef ctor\n"); }
int du_get(void) { return missing_dl_var; }
