/* Calls libvec.so through the PLT with __m256 (or, with VEC512, __m512)
 * arguments and results, and prints every lane: under an audit module with
 * la_pltenter/la_pltexit (vaudit.c) the loader's profiling trampoline must
 * carry the whole vector registers, upper halves included, in and out. */
#include <immintrin.h>
#include "lt.h"

__m256 vec_add(__m256, __m256);
__m256 vec_sum8(__m256, __m256, __m256, __m256, __m256, __m256, __m256, __m256);
__m256 vec_scale(int, double, __m256);

static void show(const char *what, const float *f, int n)
{
	char line[512];
	int k = snprintf(line, sizeof line, "%s:", what);
	for (int i = 0; i < n; i++)
		k += snprintf(line + k, sizeof line - k, " %g", f[i]);
	out("%s\n", line);
}

static __m256 ramp(float base)
{
	return _mm256_setr_ps(base, base + 1, base + 2, base + 3, base + 4, base + 5,
			      base + 6, base + 7);
}

#ifdef VEC512
__m512 vec512_add(__m512, __m512);
__m512 vec512_sum8(__m512, __m512, __m512, __m512, __m512, __m512, __m512, __m512);

static __m512 ramp512(float base)
{
	float f[16];
	for (int i = 0; i < 16; i++)
		f[i] = base + i;
	return _mm512_loadu_ps(f);
}

static void run512(void)
{
	float f[16];
	for (int round = 0; round < 2; round++) {	/* the first call binds, the second is bound */
		_mm512_storeu_ps(f, vec512_add(ramp512(1), ramp512(100)));
		show("vec512_add", f, 16);
		_mm512_storeu_ps(f, vec512_sum8(ramp512(0), ramp512(10), ramp512(20), ramp512(30),
						ramp512(40), ramp512(50), ramp512(60),
						ramp512(70)));
		show("vec512_sum8", f, 16);
	}
}
#endif

int main(void)
{
	float f[8];
	for (int round = 0; round < 2; round++) {
		_mm256_storeu_ps(f, vec_add(ramp(1), ramp(100)));
		show("vec_add", f, 8);
		_mm256_storeu_ps(f, vec_sum8(ramp(0), ramp(10), ramp(20), ramp(30), ramp(40),
					     ramp(50), ramp(60), ramp(70)));
		show("vec_sum8", f, 8);
		_mm256_storeu_ps(f, vec_scale(3, 0.5, ramp(2)));
		show("vec_scale", f, 8);
	}
#ifdef VEC512
	run512();
#endif
	return 0;
}
