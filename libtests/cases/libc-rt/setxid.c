/* setegid() from a non-main thread must reach every thread, the main one
 * included: libc signals the threads it finds on the loader's stack lists
 * (_rtld_global's _dl_stack_user holds the main thread). */
#define _GNU_SOURCE
#include "lt.h"
#include <pthread.h>
#include <sys/syscall.h>

#define T 3
static pthread_barrier_t bar;
static long egid_seen[T + 1];

static long my_egid(void)
{
    gid_t r, e, s;
    if (syscall(SYS_getresgid, &r, &e, &s) != 0)
        return -1;
    return (long)e;
}
static void *worker(void *arg)
{
    int id = (int)(long)arg;
    pthread_barrier_wait(&bar);
    if (id == 0)
        out("setegid from thread 0: %d\n", setegid(4321));
    pthread_barrier_wait(&bar);
    egid_seen[id] = my_egid();
    pthread_barrier_wait(&bar);
    return NULL;
}

int main(void)
{
    if (geteuid() != 0) {
        out("not root: nothing to check\n");
        return 0;
    }
    pthread_t th[T];
    pthread_barrier_init(&bar, NULL, T + 1);
    for (long t = 0; t < T; t++)
        pthread_create(&th[t], NULL, worker, (void *)t);
    pthread_barrier_wait(&bar);
    pthread_barrier_wait(&bar);
    egid_seen[T] = my_egid();
    pthread_barrier_wait(&bar);
    for (int t = 0; t < T; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t <= T; t++)
        out("%s %d: egid %ld\n", t < T ? "thread" : "main", t, egid_seen[t]);
    int rc = setegid(0);
    out("setegid back from main: %d, egid %ld\n", rc, my_egid());
    return 0;
}
