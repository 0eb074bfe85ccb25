/* A DF_1_NOOPEN library is fine as a DT_NEEDED of the program, and dlopen
 * of it once loaded finds the loaded object (glibc only refuses to map it
 * for dlopen). */
#include <dlfcn.h>
#include "lt.h"

extern int et_noopen_val;

int main(void)
{
    out("et_noopen_val = %d\n", et_noopen_val);
    void *h = dlopen("libet-noopen.so", RTLD_NOW);
    out("dlopen of the loaded NOOPEN library: %s\n", h ? "handle" : dlerror());
    if (h)
        out("dlsym: %s\n", dlsym(h, "et_noopen_val") ? "found" : dlerror());
    return 0;
}
