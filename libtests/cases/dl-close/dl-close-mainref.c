/* The program itself binds to a symbol of a dlopened library (dlsym with
 * RTLD_DEFAULT, the library being RTLD_GLOBAL): glibc's add_dependency makes
 * the library NODELETE, since the program is never unloaded, so dlclose
 * leaves it mapped and the pointer stays good (ours unmapped it: SIGSEGV). */
#include "dlt.h"

typedef int (*ifn)(void);
int main(void)
{
    void *g = dlopen("libcog.so", RTLD_NOW | RTLD_GLOBAL);
    CHECK(g != NULL);
    if (!g)
        return 1;
    ifn f = (ifn)dlsym(RTLD_DEFAULT, "cog_fn");
    out("cog_fn = %d\n", f ? f() : -1);
    out("dlclose(libcog) = %d\n", dlclose(g));
    out("libcog.so still loaded: %s\n", dlt_loaded("libcog.so") ? "yes" : "no");
    out("cog_fn = %d\n", f ? f() : -1);
    out("end of main\n");
    return 0;
}
