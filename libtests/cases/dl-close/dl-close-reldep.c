/* A library that only *binds* to a symbol of another (no DT_NEEDED) keeps it
 * loaded: dlclose of the definer leaves it in place until the user goes,
 * whether the binding was made at load time (RTLD_NOW) or lazily at the
 * first call. */
#include "dlt.h"

typedef int (*ifn)(void);
static void round_(const char *user, int mode)
{
    out("-- %s (%s)\n", user, mode == RTLD_NOW ? "RTLD_NOW" : "RTLD_LAZY");
    void *g = dlopen("libcog.so", RTLD_NOW | RTLD_GLOBAL);
    void *u = dlopen(user, mode);
    CHECK(g != NULL && u != NULL);
    if (!g || !u)
        return;
    ifn f = (ifn)dlsym(u, "corel_fn");
    out("corel_fn = %d\n", f ? f() : -1);
    out("dlclose(libcog) = %d\n", dlclose(g));
    out("libcog.so still loaded: %s\n", dlt_loaded("libcog.so") ? "yes" : "no");
    out("corel_fn = %d\n", f ? f() : -1);
    out("dlclose(user) = %d\n", dlclose(u));
    out("loaded: libcog.so %s, %s %s\n", dlt_loaded("libcog.so") ? "yes" : "no", user,
        dlt_loaded(user) ? "yes" : "no");
}

int main(void)
{
    round_("libcorel.so", RTLD_NOW);
    round_("libcorel-lazy.so", RTLD_LAZY);
    out("end of main\n");
    return 0;
}
