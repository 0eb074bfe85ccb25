#include "lt.h"
long bss_check(void);
extern char bss_data[3001];
extern char bss_big[];
static char exe_data[5000] = { 7 };
static int exe_bss[3000];
static char exe_big_bss[1 << 20];
int main(void)
{
    long s = 0;
    for (unsigned i = 0; i < 3000; i++)
        s += exe_bss[i] != 0;
    for (unsigned i = 0; i < sizeof exe_big_bss; i++)
        s += exe_big_bss[i] != 0;
    out("exe: data=%d nonzero bss bytes=%ld\n", exe_data[0], s);
    out("lib: data=%d,%d,%d nonzero bss=%ld\n", bss_data[0], bss_data[2], bss_data[3000], bss_check());
    bss_big[12345] = 1;
    out("lib after write: nonzero bss=%ld\n", bss_check());
    return 0;
}
