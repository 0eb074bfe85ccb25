/* The loader's private heap: size-class free lists over a bump region.
   Start-up needs a few dozen small blocks, so the first arena is in .bss and
   a typical program never pays an extra mmap for loader bookkeeping.
   Once libc is relocated the loader allocates with libc's malloc family, as
   glibc's __rtld_malloc_init_real does, so an interposed malloc sees dlopen's
   blocks; rt_free tells the two kinds apart by address (regions below). */
#include <sys/mman.h>
#include "rt.h"

#define HDR		16
#define NCLASS		12		/* 16 B .. 32 KiB */
#define BIG		(1UL << (NCLASS + 3))
#define ARENA		(256 * 1024)

/* A common symbol: the link puts it after every .bss section, so the hot
   globals' last page is the arena's first and start-up's blocks follow them
   without a gap (the pages touched are what is written, end to end). */
HIDDEN unsigned char first_arena[ARENA] __attribute__((common, aligned(64)));
static unsigned char *cur = first_arena, *end = first_arena + ARENA;
static void *free_list[NCLASS];

/* the start-up heap's mmaps (arenas, big blocks): with first_arena, what
   rt_free gives back to the free lists and never to libc's free */
#define NREGION		64
static struct region { uintptr_t lo, hi; } regions[NREGION] COLD_BSS;
static unsigned nregions;

/* Start-up allocates and frees one big block per object (the relocation
   pass's cache): the last one freed is kept for the next, instead of a
   munmap and a fresh mmap (two syscalls and a fault per page each time).
   A block straight from mmap is already zero: rt_calloc does not touch it. */
static size_t *spare_big;
static void region_unmap(void *p, size_t len);

static struct {
	void *(*malloc)(size_t);
	void *(*calloc)(size_t, size_t);
	void *(*realloc)(void *, size_t);
	void (*free)(void *);
} ext;

void rt_alloc_use(void *(*m)(size_t), void *(*c)(size_t, size_t), void *(*r)(void *, size_t),
		  void (*f)(void *))
{
	if (m && c && r && f) {
		ext.malloc = m;
		ext.calloc = c;
		ext.realloc = r;
		ext.free = f;
		if (spare_big) {	/* from now on big blocks are libc's */
			region_unmap(spare_big, spare_big[0]);
			spare_big = 0;
		}
	}
}

int rt_alloc_is_libc(void)
{
	return ext.malloc != 0;
}

static void *region_map(size_t len)
{
	if (nregions == NREGION)
		return 0;	/* a start-up heap of 64 mmaps: out of memory, not a guess */
	void *p = sys_mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mmap_failed(p))
		return 0;
	regions[nregions].lo = (uintptr_t)p;
	regions[nregions++].hi = (uintptr_t)p + len;
	return p;
}

static void region_unmap(void *p, size_t len)
{
	for (unsigned i = 0; i < nregions; i++)
		if (regions[i].lo == (uintptr_t)p) {
			regions[i] = regions[--nregions];
			break;
		}
	sys_munmap(p, len);
}

/* Every start writes the loader's .data, the first pages of its .bss (the
   hot globals come first: see first_arena) and the first pages of
   first_arena (the objects' dso blocks, the initial thread's TLS: /bin/true
   takes 18 KiB).  One MADV_POPULATE_WRITE makes them present instead of a
   fault each (9 pages: /bin/true -2.2% CPU, git --version -1.1 to -2.2%,
   rotated pairs); before Linux 5.14 it fails and they fault as before. */
#define START_HEAP	(16 * 1024)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
extern char __bss_start[] HIDDEN;	/* ld's */

void rt_alloc_prefault(void)
{
	uintptr_t lo = (uintptr_t)__bss_start & -4096UL;
	uintptr_t hi = ALIGN_UP((uintptr_t)first_arena + START_HEAP, 4096);
	sys_madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
}

static int own(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	if (a >= (uintptr_t)first_arena && a < (uintptr_t)first_arena + ARENA)
		return 1;
	for (unsigned i = 0; i < nregions; i++)
		if (a >= regions[i].lo && a < regions[i].hi)
			return 1;
	return 0;
}

static unsigned size_class(size_t n)
{
	unsigned c = 0;
	while ((16UL << c) < n)
		c++;
	return c;
}

/* the largest class whose blocks are no bigger than n (n >= 16) */
static unsigned floor_class(size_t n)
{
	unsigned c = 0;
	while (c + 1 < NCLASS && (32UL << c) <= n)
		c++;
	return c;
}

static void *bump(size_t n)
{
	if ((size_t)(end - cur) < n) {
		/* each new arena twice the last, to 8 MiB: the region table stays small */
		static unsigned narenas;
		size_t len = ARENA << (narenas < 5 ? narenas : 5);
		if (n > len)
			len = ALIGN_UP(n, 4096);
		unsigned char *p = region_map(len);
		if (!p)
			return 0;
		narenas++;
		cur = p;
		end = p + len;
	}
	void *r = cur;
	cur += n;
	return r;
}

/* *fresh: the block was never handed out (bump memory is .bss or a new
   mapping), so it is zero */
static void *alloc(size_t n, int *fresh)
{
	size_t *h;
	*fresh = 1;
	if (n + HDR > BIG) {
		size_t len = ALIGN_UP(n + HDR, 4096);
		if (spare_big && spare_big[0] >= len) {
			h = spare_big;	/* keeps its own length in h[0] */
			spare_big = 0;
			*fresh = 0;
			return (char *)h + HDR;
		}
		h = region_map(len);
		if (!h)
			return 0;
		h[0] = len;
		h[1] = NCLASS;
		return (char *)h + HDR;
	}
	unsigned c = size_class(n + HDR);
	/* every block on list c has at least 16 << c bytes; one bumped at its exact
	   size sits a class lower, where its head is taken if it fits (a block
	   freed and asked again, as per-object buffers are) */
	if (!free_list[c] && c && free_list[c - 1] &&
	    ((size_t *)free_list[c - 1])[0] >= n + HDR)
		c--;
	if (free_list[c]) {
		h = free_list[c];
		free_list[c] = *(void **)((char *)h + HDR);
		*fresh = 0;
		return (char *)h + HDR;
	}
	/* bump memory by the size asked, not the class: a 2 KiB object would take
	   4 KiB, and start-up's blocks would touch twice the pages */
	size_t len = ALIGN_UP(n + HDR, 16);
	h = bump(len);
	if (!h)
		return 0;
	h[0] = len;
	h[1] = floor_class(len);	/* the list it goes back to when freed */
	return (char *)h + HDR;
}

void *rt_alloc(size_t n)
{
	int fresh;
	if (ext.malloc)
		return ext.malloc(n ? n : 1);
	return alloc(n, &fresh);
}

void *rt_calloc(size_t n, size_t m)
{
	int fresh;
	if (m && n > (size_t)-1 / m)
		return 0;
	if (ext.calloc)
		return ext.calloc(n ? n : 1, m ? m : 1);
	void *p = alloc(n * m, &fresh);
	if (p && !fresh)	/* a reused block; a fresh one is zero, untouched */
		memset(p, 0, n * m);
	return p;
}

void rt_free(void *p)
{
	if (!p)
		return;
	if (!own(p)) {
		ext.free(p);	/* libc's: own() is false only once ext is set */
		return;
	}
	size_t *h = (size_t *)((char *)p - HDR);
	if (h[1] == NCLASS) {
		if (spare_big && spare_big[0] >= h[0]) {
			region_unmap(h, h[0]);
		} else {
			if (spare_big)
				region_unmap(spare_big, spare_big[0]);
			spare_big = h;	/* the bigger one stays */
		}
		return;
	}
	*(void **)p = free_list[h[1]];
	free_list[h[1]] = h;
}

/* the block bumped last grows over the fresh bytes after it: a doubling
   array touches its final size, not the sum of every size it had */
static int grow_in_place(size_t *h, size_t n)
{
	size_t len = ALIGN_UP(n + HDR, 16);
	if (h[1] == NCLASS || (unsigned char *)h + h[0] != cur || n + HDR > BIG ||
	    len - h[0] > (size_t)(end - cur))
		return 0;
	cur = (unsigned char *)h + len;
	h[0] = len;
	h[1] = floor_class(len);
	return 1;
}

void *rt_realloc(void *p, size_t n)
{
	if (!p)
		return rt_alloc(n);
	if (!own(p))
		return ext.realloc(p, n ? n : 1);
	size_t *h = (size_t *)((char *)p - HDR);
	size_t have = h[0] - HDR;
	if (n <= have)
		return p;
	if (grow_in_place(h, n))
		return p;
	void *q = rt_alloc(n);
	if (q) {
		memcpy(q, p, have);
		rt_free(p);
	}
	return q;
}

/* Scratch: the big temporaries of finding and mapping an object (paths,
   program headers, messages) live here, not in frames, so dlopen fits a
   16 KiB thread stack.  LIFO; used at start-up and under the dl lock only;
   a nested dlopen (a constructor or a malloc that dlopens) stacks on top,
   and past the static area blocks come from the heap. */
#define SCRATCH		(32 * 1024)

static unsigned char scratch_mem[SCRATCH] COLD_BSS __attribute__((aligned(4096)));
static size_t scratch_top;
static struct spill { struct spill *prev, *pad; } *spills;

void *scratch_get(size_t n)
{
	n = ALIGN_UP(n, 16);
	if (n <= SCRATCH - scratch_top) {
		void *p = scratch_mem + scratch_top;
		scratch_top += n;
		return p;
	}
	struct spill *s = rt_alloc(sizeof *s + n);
	if (!s)
		return 0;
	s->prev = spills;
	spills = s;
	return s + 1;
}

/* give back p and everything taken after it */
void scratch_put(void *p)
{
	unsigned char *c = p;
	if (!c)
		return;
	if (c >= scratch_mem && c < scratch_mem + SCRATCH) {
		scratch_top = c - scratch_mem;
		return;
	}
	struct spill *s = (struct spill *)p - 1;
	while (spills && spills != s->prev) {
		struct spill *prev = spills->prev;
		rt_free(spills);
		spills = prev;
	}
}

struct scratch_mark scratch_mark(void)
{
	return (struct scratch_mark){ scratch_top, spills };
}

/* after a longjmp past users that did not put their blocks back */
void scratch_release(struct scratch_mark m)
{
	scratch_top = m.top;
	while (spills && spills != m.spills) {
		struct spill *prev = spills->prev;
		rt_free(spills);
		spills = prev;
	}
}

/* copies of strings: here, not in string.c, so the string primitives call nothing */
char *str_ndup(const char *s, size_t n)
{
	char *d = rt_alloc(n + 1);
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
