/* The loader's private heap: size-class free lists over a bump region.
   Start-up needs a few dozen small blocks, so the first arena is in .bss and
   a typical program never pays an extra mmap for loader bookkeeping. */
#include <sys/mman.h>
#include "rt.h"

#define HDR		16
#define NCLASS		12		/* 16 B .. 32 KiB */
#define BIG		(1UL << (NCLASS + 3))
#define ARENA		(256 * 1024)

static unsigned char first_arena[ARENA] __attribute__((aligned(64)));
static unsigned char *cur = first_arena, *end = first_arena + ARENA;
static void *free_list[NCLASS];

static unsigned size_class(size_t n)
{
	unsigned c = 0;
	while ((16UL << c) < n)
		c++;
	return c;
}

static void *bump(size_t n)
{
	if ((size_t)(end - cur) < n) {
		size_t len = n > ARENA ? ALIGN_UP(n, 4096) : ARENA;
		unsigned char *p = sys_mmap(0, len, PROT_READ | PROT_WRITE,
					    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mmap_failed(p))
			return 0;
		cur = p;
		end = p + len;
	}
	void *r = cur;
	cur += n;
	return r;
}

void *rt_alloc(size_t n)
{
	size_t *h;
	if (n + HDR > BIG) {
		size_t len = ALIGN_UP(n + HDR, 4096);
		h = sys_mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mmap_failed(h))
			return 0;
		h[0] = len;
		h[1] = NCLASS;
		return (char *)h + HDR;
	}
	unsigned c = size_class(n + HDR);
	if (free_list[c]) {
		h = free_list[c];
		free_list[c] = *(void **)((char *)h + HDR);
	} else {
		h = bump(16UL << c);
		if (!h)
			return 0;
	}
	h[0] = 16UL << c;
	h[1] = c;
	return (char *)h + HDR;
}

void *rt_calloc(size_t n, size_t m)
{
	if (m && n > (size_t)-1 / m)
		return 0;
	void *p = rt_alloc(n * m);
	if (p)
		memset(p, 0, n * m);
	return p;
}

void rt_free(void *p)
{
	if (!p)
		return;
	size_t *h = (size_t *)((char *)p - HDR);
	if (h[1] == NCLASS) {
		sys_munmap(h, h[0]);
		return;
	}
	*(void **)p = free_list[h[1]];
	free_list[h[1]] = h;
}

void *rt_realloc(void *p, size_t n)
{
	if (!p)
		return rt_alloc(n);
	size_t *h = (size_t *)((char *)p - HDR);
	size_t have = h[0] - HDR;
	if (n <= have)
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

static unsigned char scratch_mem[SCRATCH] __attribute__((aligned(16)));
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
