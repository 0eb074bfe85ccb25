/* 20 rounds: dlopen(RTLD_LAZY) a library, 8 threads make its first PLT
 * calls at the same moment, dlclose. */
#include "lt.h"
#include <dlfcn.h>
#include <pthread.h>

#define T 8
#define ROUNDS 20
static pthread_barrier_t start, done;
static long (*run)(int);
static long results[T];
static long totals[T];

static void *worker(void *arg)
{
    int t = (int)(long)arg;
    for (int r = 0; r < ROUNDS; r++) {
        pthread_barrier_wait(&start);
        results[t] = run ? run(t) : -1;
        totals[t] += results[t];
        pthread_barrier_wait(&done);
    }
    return NULL;
}

int main(void)
{
    pthread_t th[T];
    pthread_barrier_init(&start, NULL, T + 1);
    pthread_barrier_init(&done, NULL, T + 1);
    for (long t = 0; t < T; t++)
        pthread_create(&th[t], NULL, worker, (void *)t);
    int fails = 0;
    for (int r = 0; r < ROUNDS; r++) {
        void *h = dlopen("liblzw.so", RTLD_LAZY);
        run = h ? (long (*)(int))dlsym(h, "lzw_run") : NULL;
        fails += run == NULL;
        pthread_barrier_wait(&start);
        pthread_barrier_wait(&done);
        if (h)
            dlclose(h);
    }
    for (int t = 0; t < T; t++)
        pthread_join(th[t], NULL);
    out("failed rounds: %d\n", fails);
    for (int t = 0; t < T; t++)
        out("thread %d: %ld\n", t, totals[t]);
    return 0;
}
