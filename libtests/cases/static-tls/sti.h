/* Shared by the static-tls programs: open a libsti-*.so and check its block
 * in this thread and, on request, in a helper thread that stays alive. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "lt.h"

struct sti { void *h; int (*check)(void); void (*dirty)(void); long (*tpoff)(void); };

static int sti_open(struct sti *s, const char *name, Lmid_t ns)
{
    s->h = ns == LM_ID_BASE ? dlopen(name, RTLD_NOW) : dlmopen(ns, name, RTLD_NOW);
    if (!s->h)
        return 0;
    s->check = (int (*)(void))dlsym(s->h, "sti_check");
    s->dirty = (void (*)(void))dlsym(s->h, "sti_dirty");
    s->tpoff = (long (*)(void))dlsym(s->h, "sti_tpoff");
    return s->check && s->dirty && s->tpoff;
}

/* the helper thread: runs one sti's check+dirty when asked */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct sti *job;
static int job_result, job_done, quit;

static void *helper(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&mu);
    for (;;) {
        while (!job && !quit)
            pthread_cond_wait(&cv, &mu);
        if (quit)
            break;
        job_result = job->check();
        job->dirty();
        job = 0;
        job_done = 1;
        pthread_cond_broadcast(&cv);
    }
    pthread_mutex_unlock(&mu);
    return 0;
}

static int in_helper(struct sti *s)
{
    pthread_mutex_lock(&mu);
    job = s;
    job_done = 0;
    pthread_cond_broadcast(&cv);
    while (!job_done)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
    return job_result;
}

static void stop_helper(pthread_t t)
{
    pthread_mutex_lock(&mu);
    quit = 1;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    pthread_join(t, 0);
}
