#include "lt.h"
int gone_fn(void);
static void __attribute__((constructor)) c(void) { out("libdepmiss ctor\n"); }
int dm_fn(void) { return gone_fn(); }
