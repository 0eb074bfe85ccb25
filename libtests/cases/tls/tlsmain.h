/* Driver: report every module's TLS in the main thread, mutate it, then in
 * a second thread (which must see the initial values), then in main again
 * (which must see only its own changes). */
#include <pthread.h>
#include "lt.h"
struct mod { void (*report)(const char *); void (*mutate)(int); };
extern const struct mod mods[];
extern const int nmods;
void extra(const char *who);

static void report_all(const char *who)
{
    for (int i = 0; i < nmods; i++)
        mods[i].report(who);
    extra(who);
}
static void *thread_fn(void *arg)
{
    (void)arg;
    report_all("thread");
    for (int i = 0; i < nmods; i++)
        mods[i].mutate(100);
    report_all("thread");
    return NULL;
}
int main(void)
{
    out("main thread:\n");
    report_all("main");
    for (int i = 0; i < nmods; i++)
        mods[i].mutate(1);
    report_all("main");
    pthread_t t;
    if (pthread_create(&t, NULL, thread_fn, NULL) != 0)
        return 1;
    pthread_join(t, NULL);
    out("main again:\n");
    report_all("main");
    return 0;
}
#define MODS(...) const struct mod mods[] = { __VA_ARGS__ }; \
                  const int nmods = sizeof mods / sizeof mods[0];
#define M(p) { p##report, p##mutate }
