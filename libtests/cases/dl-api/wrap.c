/* libdlwrap.so (LD_PRELOAD): the classic malloc interposer.  The real
 * functions come from dlsym(RTLD_NEXT); allocations made while dlsym itself
 * runs are served from a static buffer. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void (*real_free)(void *);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static char boot[65536] __attribute__((aligned(16)));
static size_t boot_used;
static int resolving;
static unsigned long n_malloc, n_free, n_boot;

static void *boot_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (boot_used + n > sizeof boot)
        return NULL;
    n_boot++;
    void *p = boot + boot_used;
    boot_used += n;
    return p;
}
static int is_boot(void *p) { return (char *)p >= boot && (char *)p < boot + sizeof boot; }
static void resolve(void)
{
    if (real_malloc || resolving)
        return;
    resolving = 1;
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    resolving = 0;
}
void *malloc(size_t n)
{
    resolve();
    if (!real_malloc)
        return boot_alloc(n);
    __atomic_add_fetch(&n_malloc, 1, __ATOMIC_RELAXED);
    return real_malloc(n);
}
void *calloc(size_t a, size_t b)
{
    resolve();
    if (!real_calloc) {
        void *p = boot_alloc(a * b);
        if (p)
            memset(p, 0, a * b);
        return p;
    }
    __atomic_add_fetch(&n_malloc, 1, __ATOMIC_RELAXED);
    return real_calloc(a, b);
}
void *realloc(void *p, size_t n)
{
    resolve();
    if (is_boot(p) || !real_realloc) {
        void *q = malloc(n);
        if (q && p)
            memcpy(q, p, n); /* the boot buffer is large enough to read from */
        return q;
    }
    return real_realloc(p, n);
}
void free(void *p)
{
    if (!p || is_boot(p))
        return;
    resolve();
    __atomic_add_fetch(&n_free, 1, __ATOMIC_RELAXED);
    if (real_free)
        real_free(p);
}
unsigned long wrap_mallocs(void) { return n_malloc; }
unsigned long wrap_frees(void) { return n_free; }
