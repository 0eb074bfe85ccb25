/* dlclose runs destructors (and the library's atexit handlers) in the right
 * order and unmaps the library; dependencies are reference counted. */
#include "dlt.h"

typedef int (*ifn)(void);

static int call(void *h, const char *sym)
{
    ifn f = h ? (ifn)dlsym(h, sym) : NULL;
    return f ? f() : -1;
}
static void loaded(const char *what)
{
    static const char *libs[] = { "libcoa.so", "libcob.so", "libcoc.so", "libcoa2.so",
        "libcob2.so", "libcoinit.so", "libconest.so", "libcoleaf.so", "libcoexe.so",
        "libcod.so" };
    out("%s: loaded:", what);
    struct dlt_list l = dlt_objects();
    for (unsigned i = 0; i < sizeof libs / sizeof *libs; i++)
        for (int k = 0; k < l.n && k < 64; k++)
            if (strcmp(l.names[k], libs[i]) == 0)
                out(" %s", libs[i]);
    out("\n");
}
static void main_atexit(void) { out("atexit main\n"); }
int coexe_fn(void);

int main(void)
{
    atexit(main_atexit);
    out("coexe_fn = %d\n", coexe_fn());
    loaded("start");

    out("-- shared dependency\n");
    void *a = dlopen("libcoa.so", RTLD_NOW);
    void *c = dlopen("libcoc.so", RTLD_NOW);
    out("coa_fn = %d, coc_fn = %d\n", call(a, "coa_fn"), call(c, "coc_fn"));
    loaded("a and c open");
    out("dlclose(a) = %d\n", dlclose(a));
    loaded("a closed");
    out("dlclose(c) = %d\n", dlclose(c));
    loaded("c closed");

    out("-- chain\n");
    void *a2 = dlopen("libcoa2.so", RTLD_NOW);
    out("coa2_fn = %d\n", call(a2, "coa2_fn"));
    out("dlclose(a2) = %d\n", dlclose(a2));
    loaded("a2 closed");

    out("-- reopen after unload runs the constructor again\n");
    a2 = dlopen("libcoa2.so", RTLD_NOW);
    out("dlclose(a2) = %d\n", dlclose(a2));

    out("-- DT_INIT/DT_FINI and priorities\n");
    void *in = dlopen("libcoinit.so", RTLD_NOW);
    out("coinit_fn = %d\n", call(in, "coinit_fn"));
    out("dlclose(init) = %d\n", dlclose(in));

    out("-- dlopen/dlclose inside constructor/destructor\n");
    void *n = dlopen("libconest.so", RTLD_NOW);
    loaded("nest open");
    out("conest_fn = %d\n", call(n, "conest_fn"));
    out("dlclose(nest) = %d\n", dlclose(n));
    loaded("nest closed");

    out("-- objects loaded at start-up stay\n");
    void *x = dlopen("libcoexe.so", RTLD_NOW);
    out("dlclose(coexe) = %d\n", dlclose(x));
    void *lc = dlopen("libc.so.6", RTLD_NOW);
    out("dlclose(libc) = %d\n", dlclose(lc));
    loaded("after");
    out("coexe_fn = %d\n", coexe_fn());

    out("-- one reference per dlopen\n");
    void *d1 = dlopen("libcod.so", RTLD_NOW);
    void *d2 = dlopen("libcod.so", RTLD_LAZY);
    out("cod_fn = %d\n", call(d1, "cod_fn"));
    out("dlclose(d1) = %d\n", dlclose(d1));
    loaded("one reference left");
    (void)d2; /* left open: destructor at exit */
    out("end of main\n");
    return 0;
}
