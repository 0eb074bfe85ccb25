/* What the loader files under test reference from the rest of the loader,
   provided over the host's libc so they can run as ordinary programs.
   ldso/rt/syscall.c is linked as is (raw system calls work hosted); the
   string functions come from glibc (ldso/rt/string.c would interpose them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ldso.h"
#include "support.h"

struct loader L;

jmp_buf *unit_fatal_jmp;
char unit_fatal_msg[2048];

void dl_fatal(const char *what, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(unit_fatal_msg, sizeof unit_fatal_msg, "%s: ", what);
	va_start(ap, fmt);
	rt_vsnprintf(unit_fatal_msg + n, sizeof unit_fatal_msg - n, fmt, ap);
	va_end(ap);
	if (unit_fatal_jmp)
		longjmp(*unit_fatal_jmp, 1);
	fprintf(stderr, "dl_fatal: %s\n", unit_fatal_msg);
	abort();
}

void *rt_alloc(size_t n) { return malloc(n ? n : 1); }
void *rt_calloc(size_t n, size_t m) { return calloc(n ? n : 1, m ? m : 1); }
void rt_free(void *p) { free(p); }
void *rt_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }

size_t str_len_max(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

char *str_ndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

char *str_dup(const char *s)
{
	return str_ndup(s, strlen(s));
}
