/* The loader allocates through the malloc family the program's scope binds
 * (the program's own, or an LD_PRELOAD library's) once libc is relocated, as
 * glibc does; blocks made by the loader's start-up allocator never reach
 * that free.  Printed: only what is the same under glibc's loader. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include "lt.h"

extern int mi_u0;	/* unique, in libmi-uniq0.so: bound at start-up */

struct mi_counts {
    long malloc, calloc, realloc, free, foreign, armed_malloc, armed_calloc, armed_free;
    int armed;
};

static void *thread(void *arg)
{
    return dlopen("libmi-plug.so", RTLD_NOW);
}

int main(void)
{
    struct mi_counts *c = dlsym(RTLD_DEFAULT, "mi_counts");
    if (!c) {
        out("no interposed malloc: %s\n", dlerror());
        return 1;
    }
    c->armed = 1;
    void *h = dlopen("libmi-plug.so", RTLD_NOW | RTLD_GLOBAL);
    c->armed = 0;
    CHECK(h != 0);
    SAME(c->armed_calloc > 0);	/* "calloc saw dlopen allocations" */
    SAME(c->armed_malloc + c->armed_calloc > 0);
    int (*f)(int) = (int (*)(int))dlsym(h, "mi_plug");
    CHECK(f && f(41) == 42);
    /* a failed dlopen: its error and rollback, and dlerror's message */
    CHECK(dlopen("libmi-nonexistent.so", RTLD_NOW) == 0);
    CHECK(dlerror() != 0);
    /* from another thread, then every handle closed */
    pthread_t t;
    void *h2 = 0;
    pthread_create(&t, 0, thread, 0);
    pthread_join(t, &h2);
    CHECK(h2 == h);
    dlclose(h2);
    c->armed = 1;
    CHECK(dlclose(h) == 0);
    c->armed = 0;
    SAME(c->armed_free > 0);	/* dlclose gave its blocks back through free */
    CHECK(dlopen("libmi-plug.so", RTLD_NOLOAD | RTLD_NOW) == 0);
    /* a second round: the blocks of the first were really free'd, not reused wrongly */
    h = dlopen("libmi-plug.so", RTLD_LAZY);
    CHECK(h && dlclose(h) == 0);
    /* 24 more unique symbols: the loader's table of them, made at start-up,
       grows now; the old block must go back to the allocator that made it */
    CHECK(mi_u0 == 0);
    void *u = dlopen("libmi-uniq.so", RTLD_NOW);
    int (*sum)(void) = u ? (int (*)(void))dlsym(u, "mi_uniq_sum") : 0;
    CHECK(sum && sum() == 300);
    out("blocks from elsewhere given to free or realloc: %ld\n", c->foreign);
    return 0;
}
