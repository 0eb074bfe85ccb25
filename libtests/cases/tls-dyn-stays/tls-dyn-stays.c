/* TLS handed out dynamically stays dynamic (issue 6 item 5).  Once
 * __tls_get_addr gave a module a dynamic block, a dlopen of an object with
 * initial-exec access to it must fail (glibc: FORCED_DYNAMIC_TLS_OFFSET,
 * "cannot allocate memory in static TLS block"), never give the variable a
 * second address.  When the initial-exec object comes first, the module
 * goes to static TLS and the dynamic accessor finds it there: one address,
 * in every thread. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include "lt.h"

typedef int *(*addr_fn)(void);
static addr_fn gd, ie;

static void *same_in_thread(void *arg)
{
    (void)arg;
    return (void *)(long)(gd() == ie() && *gd() == 5);
}

static addr_fn sym(void *h, const char *name)
{
    return h ? (addr_fn)dlsym(h, name) : 0;
}

int main(void)
{
    /* dynamic first: the initial-exec object is refused */
    void *m = dlopen("libtds-m1.so", RTLD_NOW);
    gd = sym(m, "tds_addr_gd");
    CHECK(gd && *gd() == 5);
    *gd() = 6;
    void *i = dlopen("libtds-ie1.so", RTLD_NOW);
    SAME(i == NULL);
    const char *e = i ? "" : dlerror();
    SAME(e && strstr(e, "cannot allocate memory in static TLS block") != NULL);
    SAME(e && strstr(e, "libtds-m1.so") != NULL);
    CHECK(*gd() == 6);
    void *again = dlopen("libtds-ie1.so", RTLD_NOW | RTLD_NOLOAD);
    SAME(again == NULL);

    /* static first: one address for both kinds of access */
    m = dlopen("libtds-m2.so", RTLD_NOW);
    i = dlopen("libtds-ie2.so", RTLD_NOW);
    gd = sym(m, "tds_addr_gd");
    ie = sym(i, "tds_addr_ie");
    CHECK(gd && ie);
    if (!gd || !ie)
        return 1;
    SAME(gd() == ie());
    CHECK(*ie() == 5);
    pthread_t t;
    void *r = 0;
    pthread_create(&t, 0, same_in_thread, 0);
    pthread_join(t, &r);
    SAME(r != NULL);
    return 0;
}
