#include "lt.h"
extern int vanishing_var;
int vanishing_func(void);
int keep_func(void);
int main(void)
{
    out("before: keep_func=%d\n", keep_func());
#ifdef DATA
    out("vanishing_var=%d\n", vanishing_var);
#else
    out("vanishing_func=%d\n", vanishing_func());
#endif
    out("after\n");
    return 0;
}
