#include "lt.h"
#define F(n) int hfun_##n(void);
#define F8(a) F(a##0) F(a##1) F(a##2) F(a##3) F(a##4) F(a##5) F(a##6) F(a##7)
F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8)
#undef F
#define F(n) hfun_##n,
static int (*tab[])(void) = { F8(1) F8(2) F8(3) F8(4) F8(5) F8(6) F8(7) F8(8) };
extern int hash_data[8];
int hash_callback(int);
int exe_callback(int x) { return x + 1; }
int main(void)
{
    long s = 0;
    for (unsigned i = 0; i < sizeof tab / sizeof tab[0]; i++)
        s = s * 3 + tab[i]();
    s %= 1000003;
    out("sum=%ld direct=%d,%d data=%d,%d callback=%d\n", s, hfun_10(), hfun_87(), hash_data[0],
        hash_data[7], hash_callback(20));
    return 0;
}
