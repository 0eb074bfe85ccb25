/* Dynamic TLS: threads created before dlopen use the TLS of libraries
 * dlopened later (global-dynamic, TLSDESC with 64 and 4096 alignment,
 * initial-exec); dlsym of a TLS variable gives the calling thread's
 * instance; dlclose and dlopen again gives fresh, re-initialized TLS;
 * threads created after dlopen see initial values. */
#include "dlt.h"
#include <pthread.h>

#define T 4
struct lib {
    const char *file, *p;
    void *h;
    long (*get)(void);
    void (*set)(long);
    int (*check)(long);
    void *(*addr)(void);
};
static struct lib libs[] = {
    { "libdt-gd.so", "gd" }, { "libdt-desc.so", "desc" }, { "libdt-big.so", "big" },
    { "libdt-ie.so", "ie" },
};
#define NL (int)(sizeof libs / sizeof libs[0])
static pthread_barrier_t bar;
static char report[T + 2][2][256];

static void *sym(void *h, const char *p, const char *s)
{
    char n[64];
    snprintf(n, sizeof n, "%s%s", p, s);
    return h ? dlsym(h, n) : NULL;
}
static int load(void)
{
    int ok = 1;
    for (int i = 0; i < NL; i++) {
        struct lib *l = &libs[i];
        l->h = dlopen(l->file, RTLD_NOW);
        l->get = (long (*)(void))sym(l->h, l->p, "_get");
        l->set = (void (*)(long))sym(l->h, l->p, "_set");
        l->check = (int (*)(long))sym(l->h, l->p, "_check");
        l->addr = (void *(*)(void))sym(l->h, l->p, "_addr");
        if (!l->get || !l->set || (i < 3 && !l->check)) {
            out("%s: not loaded\n", l->file);
            ok = 0;
        }
    }
    return ok;
}
static void unload(void)
{
    for (int i = 0; i < NL; i++)
        if (libs[i].h)
            dlclose(libs[i].h);
}
/* read initial values, write this thread's own, read them back */
static void exercise(int id, int phase)
{
    char *r = report[id][phase];
    int n = 0;
    for (int i = 0; i < NL; i++) {
        struct lib *l = &libs[i];
        if (!l->get)
            continue;
        long init = l->get();
        int ok0 = !l->check || l->check(5);
        long mine = 1000 * (id + 1) + i;
        l->set(mine);
        sched_yield();
        long back = l->get();
        int ok1 = !l->check || l->check(mine + 1);
        /* dlsym of a TLS symbol: this thread's instance */
        int ok2 = l->addr && sym(l->h, l->p, "_init") == l->addr();
        n += snprintf(r + n, 256 - n, " %s=%ld%s%s%s", l->p, init, ok0 ? "" : "(bad init)",
                      back == mine && ok1 ? "" : "(LOST)", ok2 ? "" : "(dlsym: wrong address)");
    }
}
static void *thread_main(void *arg)
{
    int id = (int)(long)arg;
    pthread_barrier_wait(&bar); /* main has dlopened */
    exercise(id, 0);
    pthread_barrier_wait(&bar); /* main closes and reopens */
    pthread_barrier_wait(&bar);
    exercise(id, 1);
    return NULL;
}
static void *late_thread(void *arg)
{
    exercise((int)(long)arg, 0);
    return NULL;
}

int main(void)
{
    pthread_t th[T];
    pthread_barrier_init(&bar, NULL, T + 1);
    for (long t = 0; t < T; t++)
        pthread_create(&th[t], NULL, thread_main, (void *)t);
    usleep(10000);
    if (!load())
        dlt_err("load", NULL);
    pthread_barrier_wait(&bar);
    exercise(T, 0);
    pthread_barrier_wait(&bar);
    unload();
    load();
    pthread_barrier_wait(&bar);
    exercise(T, 1);
    for (int t = 0; t < T; t++)
        pthread_join(th[t], NULL);
    pthread_t late;
    pthread_create(&late, NULL, late_thread, (void *)(long)(T + 1));
    pthread_join(late, NULL);
    for (int t = 0; t <= T + 1; t++)
        for (int ph = 0; ph < 2; ph++)
            if (report[t][ph][0])
                out("%s %d, %s:%s\n", t < T ? "thread" : t == T ? "main" : "late thread", t,
                    ph ? "after reopening" : "first dlopen", report[t][ph]);
    unload();
    return 0;
}
