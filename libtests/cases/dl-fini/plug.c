/* a plugin NAME whose destructor may dlclose handles it was given (set_close),
 * its own included, and then still runs code of its own and of its
 * dependency: exit must not have unloaded any of it (glibc dl-fini.c pins
 * every object before the first destructor runs). */
#include "lt.h"
#include <dlfcn.h>

int dep_fn(void);
static void *to_close[4];
static int nclose;

void set_close(void *h) { to_close[nclose++] = h; }
int plug_fn(void) { return dep_fn() + 1; }

__attribute__((constructor)) static void ctor(void) { out("%s ctor\n", NAME); }

__attribute__((noinline)) static int after(void) { return plug_fn(); }

__attribute__((destructor)) static void dtor(void)
{
    out("%s dtor begin\n", NAME);
    for (int i = 0; i < nclose; i++) {
        int r = dlclose(to_close[i]);
        out("%s dtor: dlclose #%d = %d\n", NAME, i, r);
    }
    /* code of this object and its dependency, after closing its own handle */
    out("%s dtor end %d\n", NAME, after());
}
