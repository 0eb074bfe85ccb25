/* 20 plugins sharing 5 helper libraries: 4 threads do 10,000 random dlopen,
 * dlclose and call operations each (each thread its own seeded sequence, so
 * its operations and results do not depend on the interleaving; every
 * function is pure).  The helpers are in many dlopen groups at once, so their
 * scopes change all the time while other threads bind lazily through them;
 * some opens are RTLD_GLOBAL, so the global scope changes too.  Printed: the
 * checksum of all call results (the same under any loader) and whether
 * resident memory stayed flat.  With LD_BIND_NOT=1 every PLT call binds
 * anew, through scopes other threads are changing.
 *
 * RSS bound: VmRSS after a warm-up round (2,000 operations per thread) and
 * after the main round (8,000), each ending with every handle closed.  The
 * main round loads about 1,300 objects; a loader that leaks its per-object
 * record on unload grows by 3.2 MiB (measured), glibc by under 150 KiB.
 * The bound is 1 MiB. */
#include "lt.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define NPLUG 20
#define NTHREAD 4
#define WARMUP 2000	/* operations per thread */
#define MAIN 8000

struct worker {
    pthread_t t;
    uint64_t rng;
    void *held[NPLUG];
    uint64_t sum;
    unsigned ops;
    int failed;
};

static uint64_t next(struct worker *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 7;
    w->rng ^= w->rng << 17;
    return w->rng;
}

static void op_open(struct worker *w, unsigned k)
{
    char name[32];
    snprintf(name, sizeof name, "libstp%u.so", k);
    uint64_t r = next(w);
    w->held[k] = dlopen(name, ((r & 1) ? RTLD_LAZY : RTLD_NOW) | ((r & 6) ? 0 : RTLD_GLOBAL));
    if (!w->held[k]) {
        out("dlopen %s: %s\n", name, dlerror());
        w->failed = 1;
    }
}

static void op_close(struct worker *w, unsigned k)
{
    if (dlclose(w->held[k]) != 0)
        w->failed = 1;
    w->held[k] = 0;
}

static void op_call(struct worker *w, unsigned k)
{
    uint32_t (*f)(uint32_t) = (uint32_t (*)(uint32_t))dlsym(w->held[k], "st_plugin");
    if (!f) {
        w->failed = 1;
        return;
    }
    uint32_t x = (uint32_t)next(w);
    w->sum = w->sum * 31 + f(x);
}

static void *run(void *arg)
{
    struct worker *w = arg;
    for (unsigned i = 0; i < w->ops && !w->failed; i++) {
        uint64_t r = next(w);
        unsigned k = (unsigned)(r >> 8) % NPLUG;
        /* held a quarter of the time: all four threads let go of a plugin
           often enough that it really unloads, helpers too */
        switch (r % 8) {
        case 0:
            if (!w->held[k])
                op_open(w, k);
            else
                op_call(w, k);
            break;
        case 1: case 2: case 3:
            if (w->held[k])
                op_close(w, k);
            break;
        default:
            if (w->held[k])
                op_call(w, k);
        }
    }
    for (unsigned k = 0; k < NPLUG; k++)
        if (w->held[k])
            op_close(w, k);
    return 0;
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kib = atol(line + 6);
    if (f)
        fclose(f);
    return kib;
}

static int round_of(struct worker *w, unsigned ops)
{
    for (int i = 0; i < NTHREAD; i++) {
        w[i].ops = ops;
        if (pthread_create(&w[i].t, 0, run, &w[i]))
            return 0;
    }
    int ok = 1;
    for (int i = 0; i < NTHREAD; i++) {
        pthread_join(w[i].t, 0);
        ok &= !w[i].failed;
    }
    return ok;
}

int main(void)
{
    struct worker w[NTHREAD];
    memset(w, 0, sizeof w);
    for (int i = 0; i < NTHREAD; i++)
        w[i].rng = 0x9e3779b97f4a7c15ull * (uint64_t)(i + 1);
    if (!round_of(w, WARMUP))
        return 1;
    long before = rss_kib();
    if (!round_of(w, MAIN))
        return 1;
    long after = rss_kib();
    uint64_t sum = 0;
    for (int i = 0; i < NTHREAD; i++)
        sum = sum * 1000003 + w[i].sum;
    out("operations: %d\n", NTHREAD * (WARMUP + MAIN));
    out("checksum: %016llx\n", (unsigned long long)sum);
    out("all closed: %s\n", dlopen("libsth0.so", RTLD_LAZY | RTLD_NOLOAD) ? "no" : "yes");
    out("rss flat: %s\n", before > 0 && after - before < 1024 ? "yes" : "no");
    if (getenv("STRESS_VERBOSE"))
        fprintf(stderr, "rss %ld -> %ld KiB\n", before, after);
    return 0;
}
