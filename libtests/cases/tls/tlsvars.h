/* A set of TLS variables for one module; PFX makes the names unique.
 * .tdata with non-zero initializers, .tbss, a static (module-local) pair,
 * and an aligned(64) variable. */
#include "lt.h"
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define STR2(x) #x
#define STR(x) STR2(x)
#define V(x) CAT(PFX, x)
#ifndef INITVAL
#define INITVAL 1000
#endif

__thread int V(init) = INITVAL;
__thread long V(zero);
__thread char V(str)[12] = "tls-" STR(PFX);
static __thread int V(stat) = 5;
static __thread long V(statz);
__thread int V(al) __attribute__((aligned(64))) = 64;
__thread char V(big)[3000];

void V(report)(const char *who)
{
    long bigsum = 0;
    for (int i = 0; i < 3000; i++)
        bigsum += V(big)[i];
    out("  %-6s %-5s init=%d zero=%ld str=%s stat=%d statz=%ld al=%d aligned64=%d bigsum=%ld\n", who,
        STR(PFX), V(init), V(zero), V(str), V(stat), V(statz), V(al), ALIGNED(&V(al), 64), bigsum);
}
void V(mutate)(int k)
{
    V(init) += k;
    V(zero) += k;
    V(str)[0] = 'T';
    V(stat) += k;
    V(statz) += k;
    V(al) += k;
    V(big)[k % 3000] = 1;
}
