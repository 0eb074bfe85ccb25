#include <stdlib.h>
#include "lt.h"
int b1_chain(int);
int b1_sum(void);
size_t b1_strlen(const char *);
#define D(n) int b2_f##n(int);
D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9)
D(10) D(11) D(12) D(13) D(14) D(15) D(16) D(17) D(18) D(19)
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int main(void)
{
    /* Each PLT slot is used twice: the first call resolves (lazily), the
     * second must go straight to the target. */
    for (int round = 0; round < 2; round++) {
        out("round %d: chain=%d sum=%d strlen=%zu\n", round, b1_chain(5 + round), b1_sum(),
            b1_strlen("hello, binding"));
        out("  direct: %d %d %d %d\n", b2_f1(round), b2_f9(round), b2_f15(round), b2_f19(round));
    }
    int v[] = { 5, 3, 9, 1, 7 };
    qsort(v, 5, sizeof v[0], cmp);
    out("qsort: %d %d %d %d %d\n", v[0], v[1], v[2], v[3], v[4]);
    return 0;
}
