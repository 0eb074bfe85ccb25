/* libdlcaller.so: dlopen on behalf of its caller, so the search uses this
 * library's RUNPATH (or, without one, the executable's DT_RPATH).  Not a
 * tail call: dlopen must see a return address in this library. */
#include <dlfcn.h>
void *caller_open(const char *name)
{
    void *h = dlopen(name, RTLD_NOW);
    __asm__ volatile("" ::: "memory");
    return h;
}
