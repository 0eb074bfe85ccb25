/* tls_layout / tls_fl_*: the static TLS block (x86_64 TLS variant II).
   Oracles: glibc's own layout of this test process (the thread pointer minus
   each module's block, _dl_get_tls_static_info), offsets worked out by hand
   from the ELF TLS document's variant II rules (block k ends where block
   k-1 begins, rounded so TP - offset has the segment's alignment), and a
   shadow map of the static area for the allocator's invariants. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include "support.h"

/* ldso.h's declarations, repeated: ldso.h's struct link_map clashes with <link.h> */
struct tls_module { size_t size, align, firstbyte_offset, offset; };
struct tls_static { size_t used, size, align, surplus; };
#define TLS_GAPS 64
struct tls_freelist { struct tls_gap { size_t lo, hi; } gap[TLS_GAPS]; size_t n, limit; };
void tls_layout(struct tls_module *m, size_t n, size_t surplus, size_t tcb_size,
		struct tls_static *out, struct tls_freelist *fl);
size_t tls_fl_alloc(struct tls_freelist *fl, size_t size, size_t align, size_t firstbyte_offset);
void tls_fl_free(struct tls_freelist *fl, size_t off, size_t size);
size_t tls_fl_used(const struct tls_freelist *fl);

extern const size_t unit_pd_sizeof;	/* support.c: PD_SIZEOF, sizeof(struct pthread) */
#define TCB 2304	/* any size: the layout only adds it on top */
#define MAXMOD 32

/* this program's own TLS, aligned past glibc's 64 so the layout has a hole to use */
__thread char tls_big[100] __attribute__((aligned(256)));
__thread int tls_small = 7;

struct seen { size_t modid, size, align, fbo; uintptr_t data; };
struct seen_list { struct seen m[MAXMOD]; size_t n; };

static int collect(struct dl_phdr_info *info, size_t sz, void *arg)
{
	struct seen_list *l = arg;
	if (!info->dlpi_tls_modid || l->n == MAXMOD)
		return 0;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		if (p->p_type != PT_TLS)
			continue;
		size_t align = p->p_align ? p->p_align : 1;
		uintptr_t data = (uintptr_t)info->dlpi_tls_data;
		l->m[l->n++] = (struct seen){ info->dlpi_tls_modid, p->p_memsz, align,
					      p->p_vaddr & (align - 1), data };
	}
	return 0;
}

static int by_modid(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	return (x->modid > y->modid) - (x->modid < y->modid);
}

/* glibc 2.36's default surplus: rtld.nns 4, rtld.optional_static_tls 512 */
#define GLIBC_DEFAULT_SURPLUS ((4 - 1) * 192 + 4 * 144 + 512)

/* the start-up modules of this process laid out as glibc laid them out */
START_TEST(same_as_glibc)
{
	*(char *volatile *)&(char *){ tls_big } = &tls_big[1];	/* used: kept by the compiler */
	EXPECT_TRUE(*(volatile int *)&tls_small == 7);
	struct seen_list l = { .n = 0 };
	dl_iterate_phdr(collect, &l);
	qsort(l.m, l.n, sizeof l.m[0], by_modid);
	ck_assert_uint_ge(l.n, 2);	/* this program and libc */
	struct tls_module m[MAXMOD];
	for (size_t i = 0; i < l.n; i++) {
		ck_assert_uint_eq(l.m[i].modid, i + 1);	/* start-up ids are 1..n */
		m[i] = (struct tls_module){ l.m[i].size, l.m[i].align, l.m[i].fbo, 0 };
	}
	void (*static_info)(size_t *, size_t *) = 0;
	*(void **)&static_info = dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info");
	ck_assert_ptr_nonnull(static_info);
	size_t gsize = 0, galign = 0;
	static_info(&gsize, &galign);

	struct tls_static st;
	struct tls_freelist fl;
	tls_layout(m, l.n, GLIBC_DEFAULT_SURPLUS, 0, &st, &fl);
	uintptr_t tp = (uintptr_t)__builtin_thread_pointer();
	for (size_t i = 0; i < l.n; i++)
		EXPECT(tp - l.m[i].data == m[i].offset, "module %zu (size %zu align %zu): "
		       "glibc put it at TP-%zu, tls_layout at TP-%zu", i + 1, l.m[i].size,
		       l.m[i].align, (size_t)(tp - l.m[i].data), m[i].offset);
	ck_assert_uint_eq(st.align, galign);
	/* glibc adds its struct pthread on top, the size configure measured */
	if (!getenv("GLIBC_TUNABLES")) {
		tls_layout(m, l.n, GLIBC_DEFAULT_SURPLUS, unit_pd_sizeof, &st, &fl);
		ck_assert_uint_eq(st.size, gsize);
	}
}
END_TEST

/* worked by hand: blocks go down from TP, a big alignment leaves a hole that
   a later small module fills */
START_TEST(hand_worked)
{
	struct tls_module m[4] = {
		{ 10, 8, 0, 0 },	/* ALIGN_UP(10, 8) = 16 */
		{ 8, 64, 0, 0 },	/* ALIGN_UP(16 + 8, 64) = 64: leaves TP-56 .. TP-17 free */
		{ 16, 16, 0, 0 },	/* fits the hole: ALIGN_UP(16 + 16, 16) = 32 */
		{ 4, 4, 0, 0 },		/* fits the rest of the hole: ALIGN_UP(32 + 4, 4) = 36 */
	};
	struct tls_static st;
	struct tls_freelist fl;
	tls_layout(m, 4, 100, TCB, &st, &fl);
	ck_assert_uint_eq(m[0].offset, 16);
	ck_assert_uint_eq(m[1].offset, 64);
	ck_assert_uint_eq(m[2].offset, 32);
	ck_assert_uint_eq(m[3].offset, 36);
	ck_assert_uint_eq(st.used, 64);
	ck_assert_uint_eq(st.align, 64);	/* never below glibc's TCB alignment */
	ck_assert_uint_eq(st.size, 192 + TCB);	/* ALIGN_UP(64 + 100, 64) + TCB */
	/* free for dlopen: the hole's rest (TP-56 .. TP-37) and the surplus */
	ck_assert_uint_eq(fl.n, 2);
	ck_assert_uint_eq(fl.gap[0].lo, 36);
	ck_assert_uint_eq(fl.gap[0].hi, 56);
	ck_assert_uint_eq(fl.gap[1].lo, 64);
	ck_assert_uint_eq(fl.gap[1].hi, 192);
	ck_assert_uint_eq(tls_fl_used(&fl), 64);

	/* p_vaddr 8 inside a 32-aligned segment: TP - offset = 8 mod 32 */
	struct tls_module f[1] = { { 20, 32, 8, 0 } };
	tls_layout(f, 1, 0, TCB, &st, &fl);
	ck_assert_uint_eq(f[0].offset, 24);	/* ALIGN_UP(20 - 24, 32) + 24 */
	ck_assert_uint_eq((0 - f[0].offset) & 31, 8);

	/* no module at all: the surplus only */
	tls_layout(m, 0, 1664, TCB, &st, &fl);
	ck_assert_uint_eq(st.used, 0);
	ck_assert_uint_eq(st.size, 1664 + TCB);
	ck_assert_uint_eq(fl.n, 1);
}
END_TEST

static uint64_t rng = 88172645463325252ULL;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void random_module(struct tls_module *m)
{
	m->align = (size_t)1 << (rnd() % 9);
	m->size = rnd() % 3 ? rnd() % 300 + 1 : rnd() % 8 + 1;
	m->firstbyte_offset = rnd() % 4 ? 0 : rnd() & (m->align - 1);
}

/* every byte of the area: which block owns it (0: free) */
static unsigned char owner[1 << 16];

static void claim(size_t off, size_t size, unsigned char id)
{
	for (size_t b = off - size; b < off; b++) {
		EXPECT(!owner[b], "byte TP-%zu of block %u already belongs to block %u",
		       off - b, id, owner[b]);
		owner[b] = id;
	}
}

/* any modules: blocks inside the used part, disjoint, aligned as their segment */
START_TEST(layout_invariants)
{
	for (int round = 0; round < 2000; round++) {
		struct tls_module m[12];
		size_t n = rnd() % 12;
		for (size_t i = 0; i < n; i++)
			random_module(&m[i]);
		struct tls_static st;
		struct tls_freelist fl;
		tls_layout(m, n, rnd() % 2000, TCB, &st, &fl);
		memset(owner, 0, sizeof owner);
		for (size_t i = 0; i < n; i++) {
			EXPECT(m[i].offset >= m[i].size && m[i].offset <= st.used,
			       "block %zu at %zu size %zu outside 0..%zu", i, m[i].offset,
			       m[i].size, st.used);
			EXPECT(((0 - m[i].offset) & (m[i].align - 1)) == m[i].firstbyte_offset,
			       "block %zu at TP-%zu: not %zu mod %zu", i, m[i].offset,
			       m[i].firstbyte_offset, m[i].align);
			ck_assert_uint_le(m[i].align, st.align);
			claim(m[i].offset, m[i].size, (unsigned char)(i + 1));
		}
		ck_assert_uint_eq(st.size % st.align, TCB % st.align);
		ck_assert_uint_ge(st.size - TCB, st.used + st.surplus);
		/* the free list covers free bytes only */
		for (size_t g = 0; g < fl.n; g++)
			claim(fl.gap[g].hi, fl.gap[g].hi - fl.gap[g].lo, 200);
	}
}
END_TEST

/* first fit, alignment, splitting, the high-water mark */
START_TEST(freelist_basics)
{
	struct tls_freelist fl = { .n = 1, .limit = 1000 };
	fl.gap[0].lo = 100, fl.gap[0].hi = 1000;
	ck_assert_uint_eq(tls_fl_used(&fl), 100);
	ck_assert_uint_eq(tls_fl_alloc(&fl, 10, 1, 0), 110);	/* right at the bottom */
	ck_assert_uint_eq(tls_fl_used(&fl), 110);
	ck_assert_uint_eq(tls_fl_alloc(&fl, 8, 64, 0), 128);	/* padding 110..120 stays free */
	ck_assert_uint_eq(fl.n, 2);
	ck_assert_uint_eq(fl.gap[0].lo, 110);
	ck_assert_uint_eq(fl.gap[0].hi, 120);
	ck_assert_uint_eq(tls_fl_alloc(&fl, 10, 2, 0), 120);	/* first fit: the padding */
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_uint_eq(tls_fl_alloc(&fl, 2000, 1, 0), 0);	/* too big */
	ck_assert_uint_eq(tls_fl_alloc(&fl, 872, 1, 0), 1000);	/* exactly the rest */
	ck_assert_uint_eq(fl.n, 0);
	ck_assert_uint_eq(tls_fl_used(&fl), 1000);
	ck_assert_uint_eq(tls_fl_alloc(&fl, 1, 1, 0), 0);
	/* everything back, in any order: one gap again */
	tls_fl_free(&fl, 128, 8);
	tls_fl_free(&fl, 1000, 872);
	ck_assert_uint_eq(tls_fl_used(&fl), 120);
	tls_fl_free(&fl, 110, 10);
	tls_fl_free(&fl, 120, 10);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_uint_eq(fl.gap[0].lo, 100);
	ck_assert_uint_eq(fl.gap[0].hi, 1000);
	ck_assert_uint_eq(tls_fl_used(&fl), 100);
	/* a first byte inside the segment: TP - off = 4 mod 16 */
	size_t off = tls_fl_alloc(&fl, 20, 16, 4);
	ck_assert_uint_eq((0 - off) & 15, 4);
	ck_assert_uint_ge(off - 20, 100);
}
END_TEST

/* random alloc/free: never two live blocks on one byte, never outside the
   area, and with everything freed the list is the one it started as */
START_TEST(freelist_random)
{
	enum { LIMIT = 20000, LIVE = 80 };
	for (int round = 0; round < 50; round++) {
		struct tls_freelist fl = { .n = 2, .limit = LIMIT };
		fl.gap[0].lo = 500, fl.gap[0].hi = 3000;
		fl.gap[1].lo = 4000, fl.gap[1].hi = LIMIT;
		struct { size_t off, size; } live[LIVE] = { { 0, 0 } };
		int lost = 0;
		memset(owner, 0, sizeof owner);
		for (int step = 0; step < 3000; step++) {
			size_t k = rnd() % LIVE;
			if (live[k].off) {
				for (size_t b = live[k].off - live[k].size; b < live[k].off; b++)
					owner[b] = 0;
				lost |= fl.n == TLS_GAPS;
				tls_fl_free(&fl, live[k].off, live[k].size);
				live[k].off = 0;
				continue;
			}
			struct tls_module m;
			random_module(&m);
			lost |= fl.n == TLS_GAPS;
			size_t off = tls_fl_alloc(&fl, m.size, m.align, m.firstbyte_offset);
			if (!off)
				continue;
			EXPECT(off >= m.size && off <= LIMIT, "block at %zu size %zu", off, m.size);
			EXPECT(off - m.size >= 500 && (off <= 3000 || off - m.size >= 4000),
			       "block at %zu size %zu in the used part", off, m.size);
			EXPECT(((0 - off) & (m.align - 1)) == m.firstbyte_offset,
			       "misaligned %zu", off);
			claim(off, m.size, 1);
			live[k].off = off, live[k].size = m.size;
			for (size_t g = 1; g < fl.n; g++)
				EXPECT(fl.gap[g - 1].hi < fl.gap[g].lo,
				       "gaps %zu, %zu not sorted apart", g - 1, g);
		}
		for (size_t k = 0; k < LIVE; k++)
			if (live[k].off)
				tls_fl_free(&fl, live[k].off, live[k].size);
		if (lost)
			continue;	/* a full list may drop padding: the rest still holds */
		ck_assert_uint_eq(fl.n, 2);
		ck_assert_uint_eq(fl.gap[0].lo, 500);
		ck_assert_uint_eq(fl.gap[0].hi, 3000);
		ck_assert_uint_eq(fl.gap[1].lo, 4000);
		ck_assert_uint_eq(tls_fl_used(&fl), 4000);
	}
}
END_TEST

/* 64 separate holes: the list stops growing, nothing live is ever handed out twice */
START_TEST(freelist_full)
{
	struct tls_freelist fl = { .n = 1, .limit = 4096 };
	fl.gap[0].lo = 0, fl.gap[0].hi = 4096;
	size_t off[256];
	for (int i = 0; i < 256; i++)
		ck_assert_uint_eq(off[i] = tls_fl_alloc(&fl, 16, 16, 0), 16 * (i + 1));
	ck_assert_uint_eq(fl.n, 0);
	for (int i = 0; i < 256; i += 2)
		tls_fl_free(&fl, off[i], 16);
	ck_assert_uint_eq(fl.n, TLS_GAPS);	/* 128 holes, 64 remembered */
	memset(owner, 0, sizeof owner);
	for (int i = 1; i < 256; i += 2)
		claim(off[i], 16, 1);
	size_t got;
	while ((got = tls_fl_alloc(&fl, 16, 16, 0)))
		claim(got, 16, 2);
	ck_assert_uint_eq(fl.n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("tls");
	TCase *t = tcase_create("layout");
	tcase_add_test(t, same_as_glibc);
	tcase_add_test(t, hand_worked);
	tcase_add_test(t, layout_invariants);
	tcase_add_test(t, freelist_basics);
	tcase_add_test(t, freelist_random);
	tcase_add_test(t, freelist_full);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return tl_run(suite());
}
