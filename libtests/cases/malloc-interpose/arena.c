/* A complete malloc family of its own (a bump arena; free only counts), for
 * the program or an LD_PRELOAD library: the loader's allocations after
 * start-up must come here (glibc: __rtld_malloc_init_real), and every block
 * given to free or realloc must be one of ours. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ARENA (64u << 20)
#define HDR 16

static unsigned char arena[ARENA] __attribute__((aligned(64)));
static size_t top;

struct mi_counts {
    long malloc, calloc, realloc, free, foreign, armed_malloc, armed_calloc, armed_free;
    int armed;
};
struct mi_counts mi_counts;

static int ours(const void *p)
{
    return (const unsigned char *)p >= arena + HDR && (const unsigned char *)p < arena + ARENA;
}

static void *take(size_t n, size_t align)
{
    if (align < HDR)
        align = HDR;
    if (n > ARENA)
        return 0;
    size_t need = (n + HDR + align - 1 + 15) & ~(size_t)15, old, start;
    do {
        old = __atomic_load_n(&top, __ATOMIC_RELAXED);
        if (old + need > ARENA)
            return 0;
    } while (!__atomic_compare_exchange_n(&top, &old, old + need, 0, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    start = ((uintptr_t)(arena + old + HDR) + align - 1) & ~(uintptr_t)(align - 1);
    ((size_t *)start)[-1] = n;
    return (void *)start;
}

static void count(long *c)
{
    __atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
    count(&mi_counts.malloc);
    if (mi_counts.armed)
        count(&mi_counts.armed_malloc);
    return take(n, 16);
}

void *calloc(size_t n, size_t m)
{
    count(&mi_counts.calloc);
    if (mi_counts.armed)
        count(&mi_counts.armed_calloc);
    if (m && n > (size_t)-1 / m)
        return 0;
    return take(n * m, 16);	/* the arena is fresh .bss: already zero */
}

void free(void *p)
{
    if (!p)
        return;
    count(&mi_counts.free);
    if (mi_counts.armed)
        count(&mi_counts.armed_free);
    if (!ours(p))
        count(&mi_counts.foreign);
}

void *realloc(void *p, size_t n)
{
    count(&mi_counts.realloc);
    if (!p)
        return take(n, 16);
    if (!ours(p)) {
        count(&mi_counts.foreign);
        return 0;
    }
    void *q = take(n, 16);
    size_t old = ((size_t *)p)[-1];
    if (q)
        memcpy(q, p, old < n ? old : n);
    return q;
}

void *memalign(size_t align, size_t n) { return take(n, align); }
void *aligned_alloc(size_t align, size_t n) { return take(n, align); }
void *valloc(size_t n) { return take(n, 4096); }
void *pvalloc(size_t n) { return take((n + 4095) & ~(size_t)4095, 4096); }

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p = take(n, align);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

size_t malloc_usable_size(void *p)
{
    return p && ours(p) ? ((size_t *)p)[-1] : 0;
}
