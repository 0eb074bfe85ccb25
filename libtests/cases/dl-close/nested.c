/* libconest.so: dlopens libcoleaf.so in its constructor, dlcloses it in its
 * destructor */
#include "lt.h"
#include <dlfcn.h>
static void *leaf;
static void __attribute__((constructor)) c(void)
{
    out("ctor conest: dlopen libcoleaf.so\n");
    leaf = dlopen("libcoleaf.so", RTLD_NOW);
    out("ctor conest: %s\n", leaf ? "got it" : "failed");
}
static void __attribute__((destructor)) d(void)
{
    out("dtor conest: dlclose libcoleaf.so\n");
    if (leaf)
        out("dtor conest: dlclose = %d\n", dlclose(leaf));
}
int conest_fn(void)
{
    int (*f)(void) = leaf ? (int (*)(void))dlsym(leaf, "coleaf_fn") : 0;
    return f ? f() + 100 : -1;
}
