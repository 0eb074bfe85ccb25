#include "lt.h"
int foo(void);
extern int svc_data;
#ifdef NEW
/* explicitly bind to the compat version */
int foo_old(void);
__asm__(".symver foo_old, foo@SVC_1");
#endif
int main(void)
{
    out("foo()=%d svc_data=%d\n", foo(), svc_data);
#ifdef NEW
    out("foo@SVC_1()=%d\n", foo_old());
#endif
    return 0;
}
