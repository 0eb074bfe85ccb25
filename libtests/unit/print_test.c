/* rt_snprintf / rt_vsnprintf against the host's snprintf for every
   conversion the loader supports (%s %c %d %i %u %x %p %% with l/ll/z,
   field width with ' ' or '0' padding, and %.*s), including truncation:
   return value, buffer contents and the bytes past the size limit. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "ldso.h"
#include "support.h"

#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"

#define BUF 256

/* compare at every size from 0 to the full length + 2 */
#define SAME(...) do { \
	char full_[BUF]; \
	int len_ = snprintf(full_, sizeof full_, __VA_ARGS__); \
	ck_assert_int_lt(len_, BUF - 4); \
	for (size_t sz_ = 0; sz_ <= (size_t)len_ + 2; sz_++) { \
		char a_[BUF], b_[BUF]; \
		memset(a_, 'Z', sizeof a_); \
		memset(b_, 'Z', sizeof b_); \
		int ra_ = rt_snprintf(a_, sz_, __VA_ARGS__); \
		int rb_ = snprintf(b_, sz_, __VA_ARGS__); \
		EXPECT(ra_ == rb_, "%s:%d: size %zu: returns %d, snprintf %d (\"%s\")", __FILE__, __LINE__, \
		       sz_, ra_, rb_, full_); \
		EXPECT(!memcmp(a_, b_, sizeof a_), "%s:%d: size %zu: \"%.*s\" vs snprintf \"%.*s\"", \
		       __FILE__, __LINE__, sz_, (int)(sz_ ? sz_ : 1), a_, (int)(sz_ ? sz_ : 1), b_); \
	} \
} while (0)

START_TEST(strings)
{
	SAME("plain text");
	SAME("");
	SAME("%s", "hello");
	SAME("%s", "");
	SAME("[%s|%s]", "a", "bc");
	SAME("%s: %s: %s", "ld-custom.so", "prog", "error while loading shared libraries");
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("100%%");
	SAME("%%s %s", "x");
	SAME("%s", (const char *)0);	/* glibc prints (null) */
}
END_TEST

START_TEST(precision_strings)
{
	SAME("%.*s", 3, "abcdef");
	SAME("%.*s", 0, "abcdef");
	SAME("%.*s", 10, "abc");
	SAME("%.*s|%s", 2, "xyz", "tail");
	SAME("%.*s", -1, "negative precision means none");
	/* the precision bounds the read: a non-terminated buffer ending at a guard page */
	unsigned char *g = tl_guarded(5);
	memcpy(g, "12345", 5);
	char out[16];
	ck_assert_int_eq(rt_snprintf(out, sizeof out, "<%.*s>", 5, (char *)g), 7);
	ck_assert_str_eq(out, "<12345>");
	tl_guard_free(g, 5);
}
END_TEST

START_TEST(signed_numbers)
{
	static const int iv[] = { 0, 1, -1, 9, 10, -10, 12345, -12345, INT_MAX, INT_MIN };
	for (size_t i = 0; i < sizeof iv / sizeof iv[0]; i++) {
		SAME("%d", iv[i]);
		SAME("%i", iv[i]);
		SAME("x%dy", iv[i]);
		SAME("%8d", iv[i]);
		SAME("%3d", iv[i]);
	}
	static const long lv[] = { 0, -1, 4294967296L, -4294967296L, LONG_MAX, LONG_MIN };
	for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++) {
		SAME("%ld", lv[i]);
		SAME("%lld", (long long)lv[i]);
		SAME("%20ld", lv[i]);
	}
}
END_TEST

START_TEST(zero_padded_negative)
{
	/* C11 7.21.6.1: with the 0 flag, zeros go after the sign */
	SAME("%05d", -42);
	SAME("%08ld", -1L);
	SAME("%03d", -7);
}
END_TEST

START_TEST(unsigned_numbers)
{
	static const unsigned uv[] = { 0, 1, 9, 10, 255, 4096, 0x80000000u, UINT_MAX };
	for (size_t i = 0; i < sizeof uv / sizeof uv[0]; i++) {
		SAME("%u", uv[i]);
		SAME("%x", uv[i]);
		SAME("%8x", uv[i]);
		SAME("%08x", uv[i]);
		SAME("%2x", uv[i]);
	}
	static const unsigned long ulv[] = { 0, 1, 0xdeadbeefUL, 0x100000000UL, ULONG_MAX, 0x7f0000001000UL };
	for (size_t i = 0; i < sizeof ulv / sizeof ulv[0]; i++) {
		SAME("%lu", ulv[i]);
		SAME("%lx", ulv[i]);
		SAME("%016lx", ulv[i]);
		SAME("%llx", (unsigned long long)ulv[i]);
		SAME("%llu", (unsigned long long)ulv[i]);
		SAME("%zu", (size_t)ulv[i]);
		SAME("%zx", (size_t)ulv[i]);
	}
}
END_TEST

START_TEST(pointers)
{
	int local;
	static int global;
	void *ps[] = { &local, &global, (void *)1, (void *)0x7fffffffe000UL, (void *)UINTPTR_MAX };
	for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
		SAME("%p", ps[i]);
		SAME("[%p]", ps[i]);
	}
}
END_TEST

START_TEST(mixed)
{
	SAME("%s: %s: symbol %s version %s not defined in file %s with link time reference",
	     "ld-custom.so", "./a.out", "foo", "V1", "libx.so");
	SAME("%s (0x%016lx)", "libc.so.6", 0x7f1234560000UL);
	SAME("\t%s => %s (%p)", "libm.so.6", "/lib/x86_64-linux-gnu/libm.so.6", (void *)0x7f0000000000UL);
	SAME("%d%s%u%c%x%%%zu", -3, "s", 7u, 'c', 0xabu, (size_t)99);
}
END_TEST

static int via_va(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = rt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

START_TEST(va_list_entry)
{
	char a[64], b[64];
	int ra = via_va(a, sizeof a, "%s=%d/%lx", "k", -5, 0xffUL);
	int rb = snprintf(b, sizeof b, "%s=%d/%lx", "k", -5, 0xffUL);
	ck_assert_int_eq(ra, rb);
	ck_assert_str_eq(a, b);
	/* size 0: nothing written, full length returned */
	memset(a, 'Q', sizeof a);
	ck_assert_int_eq(via_va(a, 0, "%s", "abcdef"), 6);
	ck_assert_int_eq(a[0], 'Q');
	/* a NULL buffer with size 0 is allowed (C11) */
	ck_assert_int_eq(rt_snprintf(0, 0, "%d", 12345), 5);
}
END_TEST

START_TEST(long_output)
{
	/* output longer than the buffer: truncated, NUL-terminated, full length returned */
	char big[600];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	char out[100];
	memset(out, 'Z', sizeof out);
	ck_assert_int_eq(rt_snprintf(out, 64, "%s%s", big, big), 2 * 599);
	ck_assert_int_eq(out[63], 0);
	ck_assert_int_eq(strlen(out), 63);
	ck_assert_int_eq(out[64], 'Z');
}
END_TEST

/* rt_dprintf writes through a small window: what reaches the file must be
   the whole text, at and around the window's size, and with %V nesting */
static void nested(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	rt_dprintf(fd, "<%V>", fmt, &ap);
	va_end(ap);
}

START_TEST(fd_output)
{
	static char big[2000], expect[8192], got[8192];
	for (size_t i = 0; i < sizeof big - 1; i++)
		big[i] = 'a' + i % 26;
	static const int lens[] = { 0, 1, 511, 512, 513, 1023, 1024, 1025, 1999 };
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		FILE *f = tmpfile();
		ck_assert_ptr_nonnull(f);
		int fd = fileno(f);
		rt_dprintf(fd, "%.*s|%d|%s", lens[k], big, -42, "end");
		nested(fd, "%.*s-%x", lens[k], big, 0xbeef);
		int n = snprintf(expect, sizeof expect, "%.*s|%d|%s<%.*s-%x>", lens[k], big, -42, "end",
				 lens[k], big, 0xbeef);
		ssize_t r = pread(fd, got, sizeof got, 0);
		EXPECT(r == n, "length %d: wrote %zd bytes, expected %d", lens[k], r, n);
		EXPECT(!memcmp(got, expect, n), "length %d: text differs", lens[k]);
		fclose(f);
	}
}
END_TEST

/* errno_text says what the host's strerror says (glibc, C locale) */
START_TEST(errno_texts)
{
	static const int errs[] = { ENOENT, EACCES, EPERM, ENOTDIR, EISDIR, ELOOP, ENAMETOOLONG,
				    EMFILE, ENFILE, ENOMEM, EIO, ENXIO, ENODEV, ETXTBSY, EOVERFLOW,
				    EINVAL, EAGAIN, EINTR };
	for (size_t i = 0; i < sizeof errs / sizeof errs[0]; i++) {
		ck_assert_str_eq(errno_text(errs[i]), strerror(errs[i]));
		ck_assert_str_eq(errno_text(-errs[i]), strerror(errs[i]));
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("print");
	TCase *t = tcase_create("snprintf");
	tcase_add_test(t, strings);
	tcase_add_test(t, precision_strings);
	tcase_add_test(t, signed_numbers);
	tcase_add_test(t, zero_padded_negative);
	tcase_add_test(t, unsigned_numbers);
	tcase_add_test(t, pointers);
	tcase_add_test(t, mixed);
	tcase_add_test(t, va_list_entry);
	tcase_add_test(t, long_output);
	tcase_add_test(t, fd_output);
	tcase_add_test(t, errno_texts);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
