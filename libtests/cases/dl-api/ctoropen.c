/* libdlctor.so: a DT_NEEDED library whose constructor uses dlopen before
 * main runs (and whose destructor dlcloses at exit) */
#include <dlfcn.h>
#include "lt.h"
static void *h;
static int value = -1;
static void __attribute__((constructor)) c(void)
{
    h = dlopen("libdla.so", RTLD_NOW);
    int (*f)(int) = h ? (int (*)(int))dlsym(h, "dla_func") : NULL;
    value = f ? f(100) : -1;
    out("libdlctor ctor: dlopen %s, dla_func(100) = %d\n", h ? "worked" : "failed", value);
}
static void __attribute__((destructor)) d(void)
{
    out("libdlctor dtor: dlclose = %d\n", h ? dlclose(h) : -1);
}
int dlctor_value(void) { return value; }
