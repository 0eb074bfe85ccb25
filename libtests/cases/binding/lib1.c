#include <stdlib.h>
#include <string.h>
#define D(n) int b2_f##n(int);
D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9)
D(10) D(11) D(12) D(13) D(14) D(15) D(16) D(17) D(18) D(19)
extern int b2_data;
/* Calls across libraries (through the PLT/GOT) and into libc. */
int b1_chain(int x)
{
    x = b2_f0(x); x = b2_f3(x) % 1000; x = b2_f7(x); x = b2_f19(x) % 977;
    return x + b2_data;
}
int b1_sum(void)
{
    int (*fs[])(int) = { b2_f0, b2_f1, b2_f2, b2_f3, b2_f4, b2_f5, b2_f6, b2_f7, b2_f8, b2_f9,
                         b2_f10, b2_f11, b2_f12, b2_f13, b2_f14, b2_f15, b2_f16, b2_f17,
                         b2_f18, b2_f19 };
    int s = 0;
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++)
        s += fs[i]((int)i);
    return s;
}
size_t b1_strlen(const char *s) { char *d = strdup(s); size_t n = strlen(d); free(d); return n; }
