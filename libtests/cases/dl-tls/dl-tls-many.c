/* Threads that exist before 24 TLS libraries are dlopened use all of them:
 * the DTV of every thread has to grow. */
#include "dlt.h"
#include <pthread.h>

#define T 3
#define NLIB 24
static long (*fn[NLIB])(void);
static pthread_barrier_t bar;
static long sums[T + 1];

static long use(void)
{
    long s = 0;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < NLIB; i++)
            s += fn[i] ? fn[i]() * (i + 1) : -1000000;
    return s;
}
static void *thread_main(void *arg)
{
    int id = (int)(long)arg;
    volatile long warm = 0;
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    sums[id] = use() + warm;
    return NULL;
}

int main(void)
{
    pthread_t th[T];
    pthread_barrier_init(&bar, NULL, T + 1);
    for (long t = 0; t < T; t++)
        pthread_create(&th[t], NULL, thread_main, (void *)t);
    pthread_barrier_wait(&bar);
    int loaded = 0;
    for (int i = 0; i < NLIB; i++) {
        char name[64], s[32];
        snprintf(name, sizeof name, "libdtm-%d.so", i);
        snprintf(s, sizeof s, "dtm_f%d", i);
        void *h = dlopen(name, RTLD_NOW);
        fn[i] = h ? (long (*)(void))dlsym(h, s) : NULL;
        loaded += fn[i] != NULL;
    }
    out("loaded %d libraries\n", loaded);
    pthread_barrier_wait(&bar);
    sums[T] = use();
    for (int t = 0; t < T; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t <= T; t++)
        out("%s: %ld\n", t < T ? "thread" : "main", sums[t]);
    return 0;
}
