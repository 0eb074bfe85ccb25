/* libcorel.so: uses cog_fn() from libcog.so without a DT_NEEDED entry; the
 * binding alone must keep libcog.so loaded */
#include "lt.h"
int cog_fn(void);
static void __attribute__((constructor)) c(void) { out("ctor %s\n", NAME); }
static void __attribute__((destructor)) d(void) { out("dtor %s\n", NAME); }
int corel_fn(void) { return cog_fn() + 1000; }
