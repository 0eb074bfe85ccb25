/* The symbol index (symindex.c) answers every lookup as the scope walk does;
   the walk's own answers are checked against glibc's rules in hash_test and
   against glibc's loader by the difftests.  A search list of real objects and
   the fixtures; every dynamic symbol name (and a name that is not there),
   unversioned (plain, newest, PLT, copy) and with the version each symbol
   has; then after the list grew (the index kept, the rest walked), shrank
   (dropped), and with a SysV-only object in it (never indexed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ldso.h"
#include "symindex.h"
#include "support.h"

static const char *const paths[] = { SYS_LIBM, UNIT_FIXTURES "/libvers-gnu.so", SYS_LIBC,
				     UNIT_FIXTURES "/libvers-both.so", SYS_LDSO };
#define NPATHS (sizeof paths / sizeof paths[0])

static struct dso *objs[NPATHS + 1];
static struct link_map *list[NPATHS + 1];
static struct r_scope_elem elem;
static struct r_scope_elem *scope[2] = { &elem, 0 };
static char *env[] = { (char *)"LD_CUSTOM_SYMINDEX=on", 0 };

static struct dso *open_dso(const char *path, int kind)
{
	struct dso *d = tl_map_dso(path);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(dso_decode_dynamic(d));
	ck_assert_ptr_null(dso_build_versions(d));
	d->kind = kind;
	return d;
}

/* objs[0..n) as the list, with the index built the way link_group asks */
static void setup(size_t n)
{
	L.envp = env;
	L.pagesize = 4096;
	for (size_t i = 0; i < n; i++) {
		objs[i] = open_dso(paths[i % NPATHS], i ? DSO_LIB : DSO_MAIN);
		objs[i]->lm.l_scope = scope;
		list[i] = &objs[i]->lm;
	}
	elem.r_list = list;
	elem.r_nlist = n;
}

static void teardown(size_t n)
{
	symindex_forget(&elem);
	symindex_reclaim();
	for (size_t i = 0; i < n; i++)
		tl_unmap_dso(objs[i]);
}

static void same(struct sym_query *q)
{
	struct sym_result walk = { 0, 0 }, ix = { 0, 0 };
	unsigned live = symindex_live;
	symindex_live = 0;	/* what the walk finds */
	int fw = scope_find_symbol(scope, q, 0, &walk);
	symindex_live = live;
	uint64_t before = L.stat_index_lookups;
	int fi = scope_find_symbol(scope, q, 0, &ix);
	EXPECT(L.stat_index_lookups == before + 1, "%s: the index was not asked", q->name);
	EXPECT(fw == fi && walk.dso == ix.dso && walk.sym == ix.sym,
	       "%s (flags %d, version %s): walk %d %s %p, index %d %s %p", q->name, q->flags,
	       q->version ? q->version->name : "-", fw, walk.dso ? walk.dso->name : "-",
	       (void *)walk.sym, fi, ix.dso ? ix.dso->name : "-", (void *)ix.sym);
}

/* every name of every object in the list, each kind of query */
static size_t compare_all(size_t n)
{
	static const int flags[] = { 0, LOOKUP_RETURN_NEWEST, LOOKUP_PLT, LOOKUP_NO_EXEC };
	size_t count = 0;
	for (size_t o = 0; o < n; o++) {
		const struct dso *d = objs[o];
		for (size_t i = 1; i < d->nsyms; i++) {
			if (d->syms[i].st_name >= d->strings_size)
				continue;
			const char *name = d->strings + d->syms[i].st_name;
			struct sym_query q;
			for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++) {
				sym_query_init(&q, name, 0, flags[f]);
				same(&q);
			}
			const version_t *v = dso_ref_version(d, (uint32_t)i);
			if (v) {
				sym_query_init(&q, name, v, 0);
				same(&q);
			}
			count++;
		}
	}
	struct sym_query q;
	sym_query_init(&q, "definitely_not_a_symbol", 0, 0);
	same(&q);
	return count;
}

START_TEST(same_as_walk)
{
	setup(NPATHS);
	symindex_prepare(objs, NPATHS);
	ck_assert_ptr_nonnull(symindex_view(&elem, list, NPATHS));
	ck_assert_uint_gt(compare_all(NPATHS), 3000);
	teardown(NPATHS);
}
END_TEST

START_TEST(grown_and_shrunk)
{
	setup(NPATHS - 1);
	symindex_prepare(objs, NPATHS - 1);
	ck_assert_ptr_nonnull(symindex_view(&elem, list, NPATHS - 1));
	/* one more object behind the indexed ones: kept, that one walked */
	objs[NPATHS - 1] = open_dso(paths[NPATHS - 1], DSO_LIB);
	list[NPATHS - 1] = &objs[NPATHS - 1]->lm;
	elem.r_nlist = NPATHS;
	symindex_elem_changed(&elem);
	ck_assert_ptr_nonnull(symindex_view(&elem, list, NPATHS));
	compare_all(NPATHS);
	/* a shorter list in place: dropped */
	elem.r_nlist = NPATHS - 2;
	symindex_elem_changed(&elem);
	ck_assert_ptr_null(symindex_view(&elem, list, NPATHS - 2));
	ck_assert_uint_eq(symindex_live, 0);
	symindex_reclaim();
	teardown(NPATHS);
}
END_TEST

START_TEST(sysv_only_not_indexed)
{
	setup(2);
	tl_unmap_dso(objs[1]);
	objs[1] = open_dso(UNIT_FIXTURES "/libvers-sysv.so", DSO_LIB);
	objs[1]->lm.l_scope = scope;
	list[1] = &objs[1]->lm;
	symindex_prepare(objs, 2);
	ck_assert_ptr_null(symindex_view(&elem, list, 2));
	teardown(2);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("symindex");
	TCase *t = tcase_create("lookup");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, same_as_walk);
	tcase_add_test(t, grown_and_shrunk);
	tcase_add_test(t, sysv_only_not_indexed);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
