/* Functions of liblz.so, all reached through the PLT (bound lazily). */
#include <immintrin.h>
struct pair { double x, y; };
struct mixed { long a; double b; };
long lz_ints(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j);
double lz_dbls(double a, double b, double c, double d, double e, double f, double g, double h,
               double i, double j);
double lz_mix(int a, double b, long c, float d, int e, double f, long g, float h, int i, double j,
              long k, float l, int m, double n);
double lz_vsum(int n, ...);
long double lz_ld(long double a, long double b, int c);
struct mixed lz_struct(struct pair p, struct pair q, int k);
float lz_m128(__m128 a, __m128 b, __m128 c, __m128 d, __m128 e, __m128 f, __m128 g, __m128 h,
              __m128 i);
__attribute__((target("avx2"))) float lz_m256(__m256 a, __m256 b, __m256 c, __m256 d, __m256 e,
                                              __m256 f, __m256 g, __m256 h);
__attribute__((target("avx512f"))) float lz_m512(__m512 a, __m512 b, __m512 c, __m512 d,
                                                 __m512 e, __m512 f, __m512 g, __m512 h);
int lz_ifunc(int x);
int lz_from_signal(int x);
int lz_counter(void);
