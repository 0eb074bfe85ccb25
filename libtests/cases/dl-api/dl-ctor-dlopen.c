/* dlopen from a constructor of a DT_NEEDED library, before main */
#include "dlt.h"
int dlctor_value(void);
int main(void)
{
    out("main: dlctor_value = %d\n", dlctor_value());
    dlt_print_objects("main");
    void *h = dlopen("libdla.so", RTLD_NOW | RTLD_NOLOAD);
    out("main: libdla.so %s\n", h ? "loaded" : "not loaded");
    if (h)
        dlclose(h);
    return 0;
}
