/* libco*.so: constructor/destructor tracing.  NAME is the library's tag. */
#include "lt.h"
#include <stdlib.h>
#ifdef DEP
int DEP(void);
#endif
static void ctor(void) __attribute__((constructor));
static void ctor(void) { out("ctor %s\n", NAME); }
static void dtor(void) __attribute__((destructor));
static void dtor(void) { out("dtor %s\n", NAME); }
static void at_exit_fn(void) { out("atexit %s\n", NAME); }
int FN(void)
{
    static int registered;
    if (!registered++)
        atexit(at_exit_fn); /* in a library: runs at dlclose */
#ifdef DEP
    return 1 + DEP();
#else
    return 1;
#endif
}
