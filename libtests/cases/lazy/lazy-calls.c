/* Lazily bound PLT calls with every kind of argument passing: >6 integer
 * args, >8 floating args, mixed, varargs (%al), x87 long double, structs in
 * registers, __m128/__m256/__m512 (when the CPU has them: the same output
 * either way), an IFUNC, a first call from a signal handler, and 200
 * distinct functions. */
#include "lt.h"
#include <signal.h>
#include "lz.h"

long lzg_call(int i, long x);
#define LZG_N 200

static float hsum(const float *f, int n)
{
    float s = 0;
    for (int k = 0; k < n; k++)
        s += (k + 1) * f[k];
    return s;
}
/* The value each vector function must return, computed without vectors. */
static float expect_vec(int lanes, int nargs)
{
    float s = 0, f[16];
    for (int a = 0; a < nargs; a++) {
        for (int k = 0; k < lanes; k++)
            f[k] = (float)(a * 16 + k + 1) / 4;
        s += (a + 1) * hsum(f, lanes);
    }
    return s;
}
#define V(a, k) ((float)((a) * 16 + (k) + 1) / 4)
static __m128 v128(int a) { return _mm_setr_ps(V(a, 0), V(a, 1), V(a, 2), V(a, 3)); }
__attribute__((target("avx2"))) static __m256 v256(int a)
{
    return _mm256_setr_ps(V(a, 0), V(a, 1), V(a, 2), V(a, 3), V(a, 4), V(a, 5), V(a, 6), V(a, 7));
}
__attribute__((target("avx512f"))) static __m512 v512(int a)
{
    return _mm512_setr_ps(V(a, 0), V(a, 1), V(a, 2), V(a, 3), V(a, 4), V(a, 5), V(a, 6), V(a, 7),
                          V(a, 8), V(a, 9), V(a, 10), V(a, 11), V(a, 12), V(a, 13), V(a, 14),
                          V(a, 15));
}
__attribute__((target("avx2"), noinline)) static float call256(void)
{
    return lz_m256(v256(0), v256(1), v256(2), v256(3), v256(4), v256(5), v256(6), v256(7));
}
__attribute__((target("avx512f"), noinline)) static float call512(void)
{
    return lz_m512(v512(0), v512(1), v512(2), v512(3), v512(4), v512(5), v512(6), v512(7));
}

static volatile int sig_result;
static void handler(int sig)
{
    (void)sig;
    sig_result = lz_from_signal(41);
}

int main(int argc, char **argv)
{
    (void)argv;
    /* Twice each: the first call goes through the resolver, the second
     * through the patched GOT. */
    for (int round = 0; round < 2; round++) {
        out("round %d\n", round);
        out("lz_ints = %ld\n", lz_ints(1, 2, 3, 4, 5, 6, 7, 8, 9, 10 + argc));
        out("lz_dbls = %.4f\n", lz_dbls(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5 + argc));
        out("lz_mix = %.4f\n", lz_mix(1, 2.25, 3, 4.5f, 5, 6.75, 7, 8.5f, 9, 10.25, 11, 12.5f, 13,
                                      14.75 + argc));
        out("lz_vsum = %.4f\n", lz_vsum(10, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0));
        out("lz_ld = %.6Lf\n", lz_ld(1.5L, 1e10L + argc, 7));
        struct pair p = { 1.5, 2.5 }, q = { 3.5, 4.5 };
        struct mixed m = lz_struct(p, q, 3 + argc);
        out("lz_struct = %ld %.4f\n", m.a, m.b);
        float r = lz_m128(v128(0), v128(1), v128(2), v128(3), v128(4), v128(5), v128(6), v128(7),
                          v128(8));
        out("lz_m128 = %.2f (expected %.2f)\n", r, expect_vec(4, 9));
        r = __builtin_cpu_supports("avx2") ? call256() : expect_vec(8, 8);
        out("lz_m256 = %.2f (expected %.2f)\n", r, expect_vec(8, 8));
        r = __builtin_cpu_supports("avx512f") ? call512() : expect_vec(16, 8);
        out("lz_m512 = %.2f (expected %.2f)\n", r, expect_vec(16, 8));
        out("lz_ifunc = %d\n", lz_ifunc(4));
    }
    signal(SIGUSR1, handler);
    raise(SIGUSR1);
    out("lz_from_signal = %d\n", sig_result);
    long sum = 0;
    for (int i = 0; i < LZG_N; i++)
        sum += lzg_call(i, i + 1);
    for (int i = LZG_N - 1; i >= 0; i--)
        sum += lzg_call(i, 2 * i);
    out("200 functions: %ld\n", sum);
    out("calls counted by liblz: %d\n", lz_counter());
    return 0;
}
