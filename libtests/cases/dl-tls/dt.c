/* libdt-<P>.so: TLS of one model/dialect; P is the prefix of its symbols. */
#include <stdint.h>
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define S(name) CAT(P, name)

__thread long S(_init) = INITVAL;
__thread int S(_zero)[250];
__thread long S(_aligned) __attribute__((aligned(ALIGN))) = 5;

long S(_get)(void) { return S(_init); }
void S(_set)(long v) { S(_init) = v; S(_zero)[v % 250] = (int)v; S(_aligned) = v + 1; }
/* 1 if the zero-initialized array is zero except where _set wrote, the
 * aligned variable is aligned and holds what it should */
int S(_check)(long expect_aligned)
{
    int nonzero = 0;
    for (int i = 0; i < 250; i++)
        nonzero += S(_zero)[i] != 0;
    return nonzero <= 1 && ((uintptr_t)&S(_aligned) & (ALIGN - 1)) == 0 &&
           S(_aligned) == expect_aligned;
}
void *S(_addr)(void) { return &S(_init); }
