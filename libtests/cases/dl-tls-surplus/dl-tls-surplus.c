/* Initial-exec TLS in a dlopen'ed library that does not fit the static TLS
 * surplus: dlopen must fail cleanly (never abort) and mention the library;
 * with the surplus raised through glibc's tunable it must work. */
#include "dlt.h"

int main(void)
{
    void *h = dlopen("libdt-bigie.so", RTLD_NOW);
    if (!h) {
        out("dlopen: refused\n");
        dlt_err("static TLS exhausted", "libdt-bigie.so");
    } else {
        int (*get)(void) = (int (*)(void))dlsym(h, "bigie_get");
        out("dlopen: loaded, bigie_get = %d\n", get ? get() : -1);
    }
    /* the process goes on: a library that fits still loads */
    void *m = dlopen("libm.so.6", RTLD_NOW);
    out("libm after that: %s\n", m ? "loaded" : "refused");
    return 0;
}
