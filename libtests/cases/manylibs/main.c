#include "lt.h"
int many_0(int);
extern int many_common;
int main(void)
{
    out("main: chain=%d common=%d\n", many_0(0), many_common);
    return 0;
}
