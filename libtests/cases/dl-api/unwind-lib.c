/* libdlunwind.so: its constructor unwinds the stack it runs on, which goes
   through the loader's dlopen frames: the unwinder must find the loader's
   .eh_frame (via _dl_find_object / PT_GNU_EH_FRAME) to get back to main */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <string.h>
#include "lt.h"

__attribute__((constructor)) static void walk(void)
{
    void *f[64];
    int n = backtrace(f, 64), main_seen = 0;
    for (int i = 0; i < n; i++) {
        Dl_info info;
        if (dladdr(f[i], &info) && info.dli_sname && !strcmp(info.dli_sname, "main"))
            main_seen = 1;
    }
    out("constructor: the unwinder %s main\n", main_seen ? "reached" : "did not reach");
}
