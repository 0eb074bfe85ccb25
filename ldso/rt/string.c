/* String and memory primitives.  strlen must exist as a real text symbol:
   valgrind insists on redirecting it in the object named as glibc's loader (ARCH_LDSO_SONAME). */
#include "rt.h"
#include "arch.h"

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	arch_copy(d, s, n);
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (dp == sp || n == 0)
		return d;
	if (dp < sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

void *memset(void *d, int c, size_t n)
{
	arch_fill(d, (unsigned char)c, n);
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return p - s;
}

size_t str_len_max(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

/* Eight bytes at a time while neither read can cross into the next page;
   the lowest byte that differs or ends the string decides. */
int strcmp(const char *a, const char *b)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	for (;;) {
		if ((((uintptr_t)a | (uintptr_t)b) & 4095) > 4096 - 8) {
			if (*a != *b || !*a)
				return (unsigned char)*a - (unsigned char)*b;
			a++, b++;
			continue;
		}
		uint64_t x, y;
		__builtin_memcpy(&x, a, 8);
		__builtin_memcpy(&y, b, 8);
		uint64_t stop = (x ^ y) | ((x - ones) & ~x & highs);
		if (stop) {
			unsigned k = __builtin_ctzll(stop) & ~7u;
			return (int)((x >> k) & 0xff) - (int)((y >> k) & 0xff);
		}
		a += 8;
		b += 8;
	}
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return 0;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = 0;
	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}
