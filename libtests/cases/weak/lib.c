#include "lt.h"
extern void wk_lib_func(void) __attribute__((weak));
extern int wk_lib_data __attribute__((weak));
extern int wk_existing __attribute__((weak)); /* defined in libweak-def */
void weak_lib_report(void)
{
    out("lib: wk_lib_func %s, wk_lib_data %s\n", wk_lib_func ? "non-NULL" : "NULL",
        &wk_lib_data ? "non-NULL" : "NULL");
    out("lib: wk_existing=%d\n", &wk_existing ? wk_existing : -1);
}
