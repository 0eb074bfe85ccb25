/* 8 threads dlopen/dlsym/dlclose TLS libraries in loops (one library each,
 * so every dlopen maps it afresh and its TLS starts from the initial value)
 * while 4 others keep using TLS: their own static TLS, and a dlopened
 * library's dynamic TLS, and walk the list of objects (dl_iterate_phdr). */
#include "dlt.h"
#include <pthread.h>

#define LOOPERS 8
#define USERS 4
#define LOOPS 150
#define USES 3000

static __thread long own = 3;
static long (*gd_get)(void);
static void (*gd_set)(long);
static volatile int stop;
static int looper_bad[LOOPERS], user_bad[USERS];
static long looper_sum[LOOPERS];

static void *looper(void *arg)
{
    int t = (int)(long)arg;
    char name[64];
    snprintf(name, sizeof name, "libdts-%d.so", t); /* its own: really unloaded each time */
    for (int i = 0; i < LOOPS; i++) {
        void *h = dlopen(name, RTLD_NOW);
        long (*f)(long) = h ? (long (*)(long))dlsym(h, "dts_touch") : NULL;
        if (!f) {
            looper_bad[t]++;
            continue;
        }
        long a = f(i), b = f(i);
        if (a != 100 + i || b != 101 + i)
            looper_bad[t]++;
        looper_sum[t] += a + b;
        if (dlclose(h) != 0)
            looper_bad[t]++;
    }
    return NULL;
}
static void *user(void *arg)
{
    int t = (int)(long)arg;
    gd_set(t * 1000000L);
    for (long i = 0; i < USES; i++) {
        own += 2;
        long v = gd_get();
        if (v != t * 1000000L + i)
            user_bad[t]++;
        gd_set(v + 1);
        if (own != 3 + 2 * (i + 1))
            user_bad[t]++;
        if ((i & 63) == 0) {
            /* walk the object list while the loopers change it */
            struct dlt_list l = dlt_objects();
            if (l.n < 5 || strcmp(l.names[0], "(main)") != 0)
                user_bad[t]++;
            sched_yield();
        }
    }
    return NULL;
}

int main(void)
{
    void *h = dlopen("libdt-gd.so", RTLD_NOW);
    gd_get = h ? (long (*)(void))dlsym(h, "gd_get") : NULL;
    gd_set = h ? (void (*)(long))dlsym(h, "gd_set") : NULL;
    if (!gd_get || !gd_set) {
        out("libdt-gd.so not loaded\n");
        return 1;
    }
    pthread_t lt[LOOPERS], ut[USERS];
    for (long t = 0; t < LOOPERS; t++)
        pthread_create(&lt[t], NULL, looper, (void *)t);
    for (long t = 0; t < USERS; t++)
        pthread_create(&ut[t], NULL, user, (void *)t);
    for (int t = 0; t < LOOPERS; t++)
        pthread_join(lt[t], NULL);
    for (int t = 0; t < USERS; t++)
        pthread_join(ut[t], NULL);
    for (int t = 0; t < LOOPERS; t++)
        out("looper %d: bad %d sum %ld\n", t, looper_bad[t], looper_sum[t]);
    for (int t = 0; t < USERS; t++)
        out("user %d: bad %d\n", t, user_bad[t]);
    for (int t = 0; t < LOOPERS; t++) {
        char name[64];
        snprintf(name, sizeof name, "libdts-%d.so", t);
        out("%s still loaded: %s\n", name, dlt_loaded(name) ? "yes" : "no");
    }
    return 0;
}
