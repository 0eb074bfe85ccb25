/* libvec.so: functions taking and returning __m256 (built -mavx), and with
 * VEC512 __m512 (built -mavx512f), all in vector registers: ymm0-7 / zmm0-7
 * for the arguments, ymm0 / zmm0 for the result. */
#include <immintrin.h>

__m256 vec_add(__m256 a, __m256 b)
{
	return _mm256_add_ps(a, b);
}

/* every vector argument register carries a value */
__m256 vec_sum8(__m256 a, __m256 b, __m256 c, __m256 d, __m256 e, __m256 f, __m256 g,
		__m256 h)
{
	return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8;
}

/* integer, double and vector arguments mixed: xmm0 is the double, ymm1 the vector */
__m256 vec_scale(int n, double d, __m256 v)
{
	return v * (float)(n * d);
}

#ifdef VEC512
__m512 vec512_add(__m512 a, __m512 b)
{
	return _mm512_add_ps(a, b);
}

__m512 vec512_sum8(__m512 a, __m512 b, __m512 c, __m512 d, __m512 e, __m512 f, __m512 g,
		   __m512 h)
{
	return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + g * 7 + h * 8;
}
#endif
