/* The GNU symbol hash sixteen characters a step (ldso/hash.c), with SSE2,
   which every x86-64 has.  h * 33^16 + sum of c[i] * 33^(15-i) mod 2^32:
   pmaddwd multiplies 16-bit characters by 16-bit halves of each power
   (signed: a negative low half borrows one from the high half, which the
   mod 2^32 sum cancels).  Fewer than 16 characters: the bytes from the NUL
   on are masked off and the sum is scaled down by 33^-(16-n) (33 is odd, so
   invertible mod 2^32).  Tables from python: pow(33, k, 2**32), pow(33, -1,
   2**32); the unit test (hash_test.c) checks every length and offset. */
#ifndef ARCH_HASH_H
#define ARCH_HASH_H

#include <stdint.h>
#include <emmintrin.h>

/* the 16 bytes at p must be readable: the count of characters before a NUL
   among them (16: none), and *h advanced over them */
__attribute__((no_sanitize_address))
static inline unsigned arch_gnu_hash16(const unsigned char *p, uint32_t *h)
{
	static const short lo_a[8] __attribute__((aligned(16))) = {
		9697, 28097, 14753, 2433, 23905, -19135, -28383, 28929 };
	static const short lo_b[8] __attribute__((aligned(16))) = {
		-11039, 15553, 10401, 6273, -29599, 1089, 33, 1 };
	static const short hi_a[8] __attribute__((aligned(16))) = {
		3125, -23737, 15168, 20319, 12531, -31395, 1035, 29820 };
	static const short hi_b[8] __attribute__((aligned(16))) = {
		-5054, 19706, 597, 18, 1, 0, 0, 0 };
	static const uint32_t pow33[17] = {	/* 33^n */
		0x1, 0x21, 0x441, 0x8c61, 0x121881, 0x25528a1, 0x4cfa3cc1, 0xec41d4e1,
		0x747c7101, 0x40a9121, 0x855cb541, 0x30f35d61, 0x4f5f0981, 0x3b4039a1,
		0xa3476dc1, 0xc3525e1, 0x92d9e201 };
	static const uint32_t down[17] = {	/* 33^-(16-n) */
		0xd0aa1e01, 0xe5edde21, 0xa3a9a241, 0x18ddea61, 0x349b3681, 0xc80206a1,
		0xc842dac1, 0xd09e32e1, 0xe4648f01, 0x70f66f21, 0x8fc45341, 0x884ebb61,
		0x92262781, 0xd6eb17a1, 0xb44e0bc1, 0x3e0f83e1, 0x1 };
	static const unsigned char keep[32] = {	/* from 16 - n: n bytes kept */
		255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255 };
	__m128i z = _mm_setzero_si128();
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	unsigned nul = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, z));
	unsigned n = nul ? (unsigned)__builtin_ctz(nul) : 16;
	if (nul)
		v = _mm_and_si128(v, _mm_loadu_si128((const __m128i *)(keep + 16 - n)));
	__m128i a = _mm_unpacklo_epi8(v, z), b = _mm_unpackhi_epi8(v, z);
	__m128i lo = _mm_add_epi32(_mm_madd_epi16(a, *(const __m128i *)lo_a),
				   _mm_madd_epi16(b, *(const __m128i *)lo_b));
	__m128i hi = _mm_add_epi32(_mm_madd_epi16(a, *(const __m128i *)hi_a),
				   _mm_madd_epi16(b, *(const __m128i *)hi_b));
	__m128i s = _mm_add_epi32(lo, _mm_slli_epi32(hi, 16));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
	s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
	*h = *h * pow33[n] + (uint32_t)_mm_cvtsi128_si32(s) * down[n];
	return n;
}

#endif
