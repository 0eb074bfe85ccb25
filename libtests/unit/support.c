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
struct explain_note explain_pending;	/* version.c notes a missing version there */
const size_t unit_pd_sizeof = PD_SIZEOF;	/* for tls_test.c, which cannot include ldso.h */

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

/* LD_DEBUG output: L.debug stays 0 in the unit tests */
void dl_debug(const char *fmt, ...) { (void)fmt; }
void debug_lookup_in(const char *name, const struct dso *d) { (void)name; (void)d; }

void *rt_alloc(size_t n) { return malloc(n ? n : 1); }
void *rt_calloc(size_t n, size_t m) { return calloc(n ? n : 1, m ? m : 1); }
void rt_free(void *p) { free(p); }
void *rt_realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }
/* the loader's LIFO scratch memory (rt/alloc.c): heap blocks on a stack here */
static void *scratch_blocks[64];
static size_t scratch_n;

void *scratch_get(size_t n)
{
	if (scratch_n == 64)
		return 0;
	return scratch_blocks[scratch_n++] = malloc(n ? n : 1);
}

void *scratch_need(size_t n)
{
	void *p = scratch_get(n);
	if (!p)
		dl_fatal("scratch", "out of memory");
	return p;
}

void scratch_put(void *p)
{
	while (p && scratch_n && scratch_blocks[scratch_n - 1] != p)
		free(scratch_blocks[--scratch_n]);
	if (p && scratch_n)
		free(scratch_blocks[--scratch_n]);
}

struct scratch_mark scratch_mark(void)
{
	return (struct scratch_mark){ scratch_n, 0 };
}

void scratch_release(struct scratch_mark m)
{
	while (scratch_n > m.top)
		free(scratch_blocks[--scratch_n]);
}

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

/* glibc/link_map.c's publishing of $ORIGIN, as it does it (dlinfo reads l_origin) */
void glibc_publish_origin(struct dso *d)
{
	d->lm.l_origin = d->origin ? d->origin : (char *)(uintptr_t)-1;
}
