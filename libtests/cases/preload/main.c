#include <stdlib.h>
#include "lt.h"
const char *pl_func(void);
const char *pl_other(void);
const char *pl_indirect(void);
__attribute__((constructor)) static void exe_ctor(void) { out("exe: ctor\n"); }
int main(void)
{
    out("pl_func=%s pl_other=%s pl_indirect=%s rand=%d\n", pl_func(), pl_other(), pl_indirect(), rand());
    return 0;
}
