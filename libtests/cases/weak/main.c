#define _GNU_SOURCE
#include <dlfcn.h>
#include "lt.h"
extern void wk_func(void) __attribute__((weak));
extern int wk_data __attribute__((weak));
extern int wk_array[] __attribute__((weak));
extern int wk_existing __attribute__((weak));
void weak_lib_report(void);
const char *wdef(void);
extern int wdat;
static void (*volatile fp)(void) = wk_func;
int main(void)
{
    out("exe: wk_func %s, wk_data %s, wk_array %s, fp %s\n", wk_func ? "non-NULL" : "NULL",
        &wk_data ? "non-NULL" : "NULL", wk_array ? "non-NULL" : "NULL", fp ? "non-NULL" : "NULL");
    if (wk_func)
        wk_func();
    out("exe: wk_existing=%d\n", &wk_existing ? wk_existing : -1);
    weak_lib_report();
    out("wdef: %s\n", wdef());
    /* LD_DYNAMIC_WEAK: the strong definitions in libweak2 win, for data and dlsym too */
    const char *(*dl_wdef)(void) = (const char *(*)(void))dlsym(RTLD_DEFAULT, "wdef");
    out("wdat: %d, dlsym wdef: %s\n", wdat, dl_wdef ? dl_wdef() : "none");
    return 0;
}
