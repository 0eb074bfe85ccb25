/* A library defining an STB_GNU_UNIQUE symbol is not unloaded by dlclose
 * (glibc marks it NODELETE); its state survives. */
#include "dlt.h"

int main(void)
{
    void *h = dlopen("libcouniq.so", RTLD_NOW);
    CHECK(h != NULL);
    if (!h)
        return 1;
    int (*f)(void) = (int (*)(void))dlsym(h, "couniq_fn");
    out("couniq_fn = %d\n", f ? f() : -1);
    out("dlclose = %d\n", dlclose(h));
    out("still loaded: %s\n", dlt_loaded("libcouniq.so") ? "yes" : "no");
    h = dlopen("libcouniq.so", RTLD_NOW);
    f = h ? (int (*)(void))dlsym(h, "couniq_fn") : NULL;
    out("couniq_fn after reopening = %d\n", f ? f() : -1);
    out("dlclose = %d\n", dlclose(h));
    void *p = dlopen("libcoplain.so", RTLD_NOW);
    CHECK(p != NULL);
    out("dlclose = %d\n", dlclose(p));
    out("plain C++ library still loaded: %s\n", dlt_loaded("libcoplain.so") ? "yes" : "no");
    out("end of main\n");
    return 0;
}
