#include <stdarg.h>
#include "lz.h"

static int calls;
int lz_counter(void) { return calls; }

long lz_ints(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j)
{
    calls++;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}
double lz_dbls(double a, double b, double c, double d, double e, double f, double g, double h,
               double i, double j)
{
    calls++;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j;
}
double lz_mix(int a, double b, long c, float d, int e, double f, long g, float h, int i, double j,
              long k, float l, int m, double n)
{
    calls++;
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * i + 10 * j + 11 * k +
           12 * l + 13 * m + 14 * n;
}
double lz_vsum(int n, ...)
{
    va_list ap;
    double s = 0;
    calls++;
    va_start(ap, n);
    for (int k = 0; k < n; k++)
        s += (k + 1) * va_arg(ap, double);
    va_end(ap);
    return s;
}
long double lz_ld(long double a, long double b, int c)
{
    calls++;
    return a * b + c;
}
struct mixed lz_struct(struct pair p, struct pair q, int k)
{
    calls++;
    struct mixed m = { (long)(p.x + q.y) * k, p.y * q.x + k };
    return m;
}
static float hsum4(__m128 v)
{
    float f[4];
    _mm_storeu_ps(f, v);
    return f[0] + 2 * f[1] + 3 * f[2] + 4 * f[3];
}
float lz_m128(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g, __m128 h,
              __m128 i)
{
    calls++;
    return hsum4(a) + 2 * hsum4(b) + 3 * hsum4(c) + 4 * hsum4(d) + 5 * hsum4(e) + 6 * hsum4(f) +
           7 * hsum4(g) + 8 * hsum4(h) + 9 * hsum4(i);
}
__attribute__((target("avx2"))) static float hsum8(__m256 v)
{
    float f[8], s = 0;
    _mm256_storeu_ps(f, v);
    for (int k = 0; k < 8; k++)
        s += (k + 1) * f[k];
    return s;
}
__attribute__((target("avx2"))) float lz_m256(__m256 a, __m256 b, __m256 c, __m256 d, __m256 e,
                                              __m256 f, __m256 g, __m256 h)
{
    calls++;
    return hsum8(a) + 2 * hsum8(b) + 3 * hsum8(c) + 4 * hsum8(d) + 5 * hsum8(e) + 6 * hsum8(f) +
           7 * hsum8(g) + 8 * hsum8(h);
}
__attribute__((target("avx512f"))) static float hsum16(__m512 v)
{
    float f[16], s = 0;
    _mm512_storeu_ps(f, v);
    for (int k = 0; k < 16; k++)
        s += (k + 1) * f[k];
    return s;
}
__attribute__((target("avx512f"))) float lz_m512(__m512 a, __m512 b, __m512 c, __m512 d,
                                                 __m512 e, __m512 f, __m512 g, __m512 h)
{
    calls++;
    return hsum16(a) + 2 * hsum16(b) + 3 * hsum16(c) + 4 * hsum16(d) + 5 * hsum16(e) +
           6 * hsum16(f) + 7 * hsum16(g) + 8 * hsum16(h);
}
static int ifn_a(int x) { return x * 10; }
static int (*lz_ifunc_resolver(void))(int) { calls += 100; return ifn_a; }
int lz_ifunc(int x) __attribute__((ifunc("lz_ifunc_resolver")));
int lz_from_signal(int x) { calls++; return x + 1; }
