/* unwinding through the loader's frames: libdlunwind.so's constructor
   backtraces from inside dlopen */
#include <dlfcn.h>
#include "lt.h"

int main(void)
{
    void *h = dlopen("libdlunwind.so", RTLD_NOW);
    out("dlopen: %s\n", h ? "ok" : dlerror());
    return h ? 0 : 1;
}
