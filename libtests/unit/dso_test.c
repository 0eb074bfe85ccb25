/* dso.c: the load-order list, the DT_NEEDED closure with per-walk stamps,
   run-time dependencies and dso_free.  Expected orders are worked out by
   hand from glibc's rules: l_searchlist is the breadth-first closure of the
   roots, roots first (elf/dl-deps.c _dl_map_object_deps), and a run-time
   dependency is recorded only for a dlopened definer that is neither the
   user itself nor one of its DT_NEEDED dependencies (elf/dl-lookup.c
   add_dependency). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "ldso.h"
#include "support.h"

#define N 6
static struct dso *o[N];	/* A B C D E, and M, a missing one */
enum { A, B, C, D, E, M };

static void set_deps(struct dso *d, int n, ...)
{
	va_list ap;
	d->deps = calloc(n, sizeof *d->deps);
	d->ndeps = n;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		d->deps[i] = o[va_arg(ap, int)];
	va_end(ap);
}

/* A needs B and C, B needs D, C needs D, the missing M and E */
static void graph(void)
{
	static const char *names[N] = { "A", "B", "C", "D", "E", "M" };
	memset(&L, 0, sizeof L);
	for (int i = 0; i < N; i++) {
		o[i] = i == M ? dso_new_missing(names[i]) : dso_new(strdup(names[i]), DSO_LIB);
		dso_append(o[i]);
	}
	o[A]->kind = DSO_MAIN;
	set_deps(o[A], 2, B, C);
	set_deps(o[B], 1, D);
	set_deps(o[C], 3, D, M, E);
}

static void ungraph(void)
{
	while (L.head) {
		struct dso *d = L.head;
		dso_unlink(d);
		if (d->missing) {	/* its name is the needing object's string */
			free(d);
			continue;
		}
		dso_free(d);
	}
	EXPECT_EQ(L.count, 0);
	EXPECT_TRUE(!L.tail);
}

static void expect_order(struct dso **got, size_t n, const char *want)
{
	char s[16] = { 0 };
	for (size_t i = 0; i < n && i < sizeof s - 1; i++)
		s[i] = got[i]->name[0];
	ck_assert_str_eq(s, want);
}

START_TEST(closure_breadth_first)
{
	graph();
	size_t n;
	struct dso **q = dso_closure(&o[A], 1, &n);
	expect_order(q, n, "ABCDE");	/* M is missing: never in a search list */
	free(q);
	ungraph();
}
END_TEST

/* each walk has its own stamp: a closure right after another sees nothing
   of the first one's visits, and several roots come first in their order */
START_TEST(closure_walks_independent)
{
	graph();
	size_t n;
	struct dso **q = dso_closure(&o[B], 1, &n);
	expect_order(q, n, "BD");
	free(q);
	q = dso_closure(&o[C], 1, &n);
	expect_order(q, n, "CDE");
	free(q);
	struct dso *roots[2] = { o[C], o[A] };
	q = dso_closure(roots, 2, &n);
	expect_order(q, n, "CADEB");
	free(q);
	unsigned s1 = dso_walk_begin(), s2 = dso_walk_begin();
	EXPECT_TRUE(s1 && s2 && s1 != s2);
	ungraph();
}
END_TEST

START_TEST(reldeps)
{
	graph();
	o[E]->dlopened = 1;
	o[D]->dlopened = 1;
	dso_add_reldep(o[B], o[C]);	/* C was not dlopened: start-up objects stay anyway */
	EXPECT_EQ(o[B]->nreldeps, 0);
	dso_add_reldep(o[E], o[E]);	/* itself */
	EXPECT_EQ(o[E]->nreldeps, 0);
	dso_add_reldep(o[B], o[D]);	/* already a DT_NEEDED dependency */
	EXPECT_EQ(o[B]->nreldeps, 0);
	EXPECT_EQ(o[D]->nodelete, 0);
	dso_add_reldep(o[B], o[E]);	/* B is never unloaded: neither is E (glibc) */
	EXPECT_EQ(o[B]->nreldeps, 0);
	EXPECT_EQ(o[E]->nodelete, 1);
	o[B]->dlopened = 1;
	o[E]->nodelete = 0;
	dso_add_reldep(o[B], o[E]);
	dso_add_reldep(o[B], o[E]);	/* once */
	EXPECT_EQ(o[B]->nreldeps, 1);
	EXPECT_TRUE(o[B]->reldeps[0] == o[E]);
	ungraph();
}
END_TEST

START_TEST(list_and_containing)
{
	graph();
	EXPECT_EQ(L.count, N);
	EXPECT_TRUE(L.head == o[A] && L.tail == o[M]);
	o[C]->map_start = 0x10000;
	o[C]->map_end = 0x20000;
	EXPECT_TRUE(dso_containing(0x10000) == o[C]);
	EXPECT_TRUE(dso_containing(0x1ffff) == o[C]);
	EXPECT_TRUE(dso_containing(0x20000) == 0);
	dso_unlink(o[C]);
	EXPECT_TRUE(o[B]->next == o[D] && o[D]->prev == o[B]);
	EXPECT_TRUE(dso_containing(0x10000) == 0);
	EXPECT_EQ(L.count, N - 1);
	dso_free(o[C]);
	ungraph();
}
END_TEST

/* everything an object owns goes with it (run under valgrind to see leaks) */
START_TEST(free_owned)
{
	struct dso *d = dso_new(strdup("/lib/x.so"), DSO_LIB);
	EXPECT_TRUE(d->seg == d->seg_mem);
	d->seg = calloc(9, sizeof *d->seg);
	d->versions = calloc(3, sizeof *d->versions);
	d->origin = strdup("/lib");
	dso_note_alloc(d, malloc(16));
	dso_note_alloc(d, malloc(32));
	EXPECT_EQ(d->nallocs, 2);
	struct libname_list *n = calloc(1, sizeof *n);
	n->name = strdup("x.so");
	d->lm.l_libname = n;
	d->lm.l_searchlist.r_list = calloc(2, sizeof(void *));
	d->lm.l_scope = d->lm.l_scope_mem;
	dso_free(d);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dso");
	TCase *t = tcase_create("dso");
	tcase_add_test(t, closure_breadth_first);
	tcase_add_test(t, closure_walks_independent);
	tcase_add_test(t, reldeps);
	tcase_add_test(t, list_and_containing);
	tcase_add_test(t, free_owned);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
