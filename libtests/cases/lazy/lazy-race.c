/* 8 threads make their first calls to the same 64 lazily bound functions at
 * the same moment, each in a different order. */
#include "lt.h"
#include <pthread.h>

long lzr_call(int i, long x);
#define N 64
#define T 8

static pthread_barrier_t bar;
static long results[T];

static void *run(void *arg)
{
    int t = (int)(long)arg;
    long s = 0;
    pthread_barrier_wait(&bar);
    for (int k = 0; k < N; k++)
        s += lzr_call((k + t * 8) % N, k + t);
    for (int k = N - 1; k >= 0; k--)
        s += lzr_call((k * 5 + t) % N, k);
    results[t] = s;
    return NULL;
}

int main(void)
{
    pthread_t th[T];
    pthread_barrier_init(&bar, NULL, T);
    for (long t = 0; t < T; t++)
        pthread_create(&th[t], NULL, run, (void *)t);
    for (int t = 0; t < T; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t < T; t++)
        out("thread %d: %ld\n", t, results[t]);
    return 0;
}
