#include <pthread.h>
#include <stdlib.h>
#include "lt.h"
#define NT 32
int thr_gd_get(void), thr_gd_sum(void), thr_ie_get(void);
void thr_gd_set(int), thr_ie_set(int);
long thr_ie_bss_get(void);
extern __thread int thr_gd;      /* accessed from the exe too */
__thread int thr_exe = 3000;     /* local-exec */
__thread char thr_exe_buf[100];
static pthread_barrier_t barrier;

struct res { int ok, init_ok; };
static void *worker(void *arg)
{
    int id = (int)(long)arg;
    struct res *r = calloc(1, sizeof *r);
    r->init_ok = thr_exe == 3000 && thr_gd_get() == 1000 && thr_ie_get() == 2000 &&
                 thr_ie_bss_get() == 0 && thr_gd_sum() == 6 && thr_exe_buf[50] == 0;
    thr_exe = id;
    thr_exe_buf[50] = (char)id;
    thr_gd_set(id * 10);
    thr_ie_set(id * 100);
    pthread_barrier_wait(&barrier); /* every thread has written its values */
    r->ok = thr_exe == id && thr_exe_buf[50] == (char)id && thr_gd_get() == id * 10 &&
            thr_gd == id * 10 && thr_ie_get() == id * 100 && thr_ie_bss_get() == id * 100;
    if (id % 2)
        return r;             /* exits by returning */
    pthread_exit(r);          /* (pthread_exit needs libgcc_s: see threads-exit) */
}
static void *worker_ret(void *arg)
{
    return worker(arg);
}
int main(int argc, char **argv)
{
    int use_exit = argc > 1;
    (void)argv;
    pthread_t t[NT];
    pthread_barrier_init(&barrier, NULL, NT);
    thr_exe = -1;
    thr_gd_set(-7);
    for (long i = 0; i < NT; i++)
        if (pthread_create(&t[i], NULL, use_exit ? worker : worker_ret, (void *)(i * 2 + 1 - use_exit * (i % 2))) != 0) {
            out("pthread_create failed\n");
            return 1;
        }
    int ok = 0, init_ok = 0;
    for (int i = 0; i < NT; i++) {
        void *p;
        pthread_join(t[i], &p);
        struct res *r = p;
        ok += r->ok;
        init_ok += r->init_ok;
        free(r);
    }
    out("threads=%d initial values ok=%d final values ok=%d\n", NT, init_ok, ok);
    out("main: thr_exe=%d thr_gd=%d thr_ie=%d\n", thr_exe, thr_gd_get(), thr_ie_get());
    return 0;
}
