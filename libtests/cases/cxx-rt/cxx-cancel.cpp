// pthread_cancel and pthread_exit unwind C++ frames: destructors run, and
// catch (...) sees abi::__forced_unwind and must rethrow it.
#include <cxxabi.h>
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>
#include "lt.h"

struct Guard {
    const char *name;
    ~Guard() { out("%s: destructor ran\n", name); }
};
static int fds[2];
static sem_t ready;

static void *blocked(void *)
{
    Guard g{ "cancelled thread" };
    try {
        char c;
        out("cancelled thread: reading\n");
        sem_post(&ready);
        (void)read(fds[0], &c, 1); // cancellation point, even if the cancel came first
        out("cancelled thread: read returned\n");
    } catch (abi::__forced_unwind &) {
        out("cancelled thread: forced unwind seen\n");
        throw;
    }
    return nullptr;
}
static void *exiting(void *)
{
    Guard g{ "exiting thread" };
    try {
        pthread_exit((void *)7);
    } catch (...) {
        out("exiting thread: catch (...) saw the unwind\n");
        throw;
    }
    return nullptr;
}

int main()
{
    if (pipe(fds) != 0)
        return 1;
    sem_init(&ready, 0, 0);
    pthread_t t;
    void *r;
    pthread_create(&t, nullptr, blocked, nullptr);
    sem_wait(&ready);
    pthread_cancel(t);
    pthread_join(t, &r);
    out("cancelled: %s\n", r == PTHREAD_CANCELED ? "yes" : "no");
    pthread_create(&t, nullptr, exiting, nullptr);
    pthread_join(t, &r);
    out("exit value: %ld\n", (long)r);
    return 0;
}
