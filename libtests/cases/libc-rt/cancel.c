/* pthread_cancel of a thread blocked in a cancellation point and
 * pthread_exit, with cleanup handlers: libc dlopens libgcc_s.so.1 to unwind
 * (this C program does not link it). */
#include "lt.h"
#include <pthread.h>
#include <semaphore.h>

static int fds[2];
static sem_t ready;
static void cleanup(void *arg) { out("cleanup: %s\n", (const char *)arg); }
static void *blocked(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "cancelled thread");
    char c;
    out("blocked thread: reading\n");
    sem_post(&ready); /* read() is a cancellation point even if the cancel comes first */
    (void)read(fds[0], &c, 1);
    out("blocked thread: read returned\n");
    pthread_cleanup_pop(0);
    return NULL;
}
static void *exiting(void *arg)
{
    (void)arg;
    pthread_cleanup_push(cleanup, "exiting thread");
    pthread_exit((void *)5);
    pthread_cleanup_pop(0);
    return NULL;
}

int main(void)
{
    if (pipe(fds) != 0)
        return 1;
    sem_init(&ready, 0, 0);
    for (int round = 0; round < 2; round++) {
        pthread_t t;
        void *r;
        pthread_create(&t, NULL, blocked, NULL);
        sem_wait(&ready);
        pthread_cancel(t);
        pthread_join(t, &r);
        out("cancelled: %s\n", r == PTHREAD_CANCELED ? "yes" : "no");
        pthread_create(&t, NULL, exiting, NULL);
        pthread_join(t, &r);
        out("exit value: %ld\n", (long)r);
    }
    return 0;
}
