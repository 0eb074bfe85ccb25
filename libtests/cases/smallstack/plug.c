/* dlopened by bare name from a thread with a 16 KiB stack; every call
 * below goes through a PLT slot bound lazily on that stack */
#include <stdio.h>
#include <stdlib.h>

int ss_dep_len(const char *s);

int ss_work(int x)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%d", x * 2);
    return (int)strtol(buf, 0, 10) + ss_dep_len("abc");
}

/* one lazily bound call and nothing else: the trampoline's own cost */
int ss_lazy(void)
{
    return ss_dep_len("x");
}
