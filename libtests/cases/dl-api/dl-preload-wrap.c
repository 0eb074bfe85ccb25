/* A malloc interposer preloaded with LD_PRELOAD that finds the real malloc
 * with dlsym(RTLD_NEXT): every allocation of the program goes through it,
 * also those of dlopen, stdio and threads. */
#include "dlt.h"
#include <pthread.h>

static void *thread_main(void *arg)
{
    for (int i = 0; i < 100; i++) {
        void *volatile p = malloc(100 + i); /* volatile: not optimized away */
        free(p);
    }
    return arg;
}

int main(void)
{
    unsigned long (*mallocs)(void) = (unsigned long (*)(void))dlsym(RTLD_DEFAULT, "wrap_mallocs");
    unsigned long (*frees)(void) = (unsigned long (*)(void))dlsym(RTLD_DEFAULT, "wrap_frees");
    out("interposer present: %s\n", mallocs && frees ? "yes" : "no");
    if (!mallocs || !frees)
        return 0;
    unsigned long m0 = mallocs(), f0 = frees();
    char *volatile p = malloc(1000);
    strcpy(p, "hello");
    p = realloc(p, 100000);
    out("realloc kept: %s\n", p);
    free(p);
    out("counted: mallocs +%lu frees +%lu\n", mallocs() - m0, frees() - f0);
    pthread_t t;
    pthread_create(&t, NULL, thread_main, NULL);
    pthread_join(t, NULL);
    void *h = dlopen("libdla.so", RTLD_NOW);
    CHECK(h != NULL);
    int (*f)(int) = h ? (int (*)(int))dlsym(h, "dla_func") : NULL;
    out("dla_func(1) = %d\n", f ? f(1) : -1);
    if (h)
        dlclose(h);
    out("thread and dlopen allocated through it: %s\n", mallocs() - m0 >= 101 ? "yes" : "no");
    Dl_info di;
    out("malloc is defined in: %s\n", dladdr((void *)malloc, &di) ? dlt_base(di.dli_fname) : "?");
    out("__libc_malloc is defined in: %s\n",
        dladdr(dlsym(RTLD_DEFAULT, "__libc_malloc"), &di) ? dlt_base(di.dli_fname) : "?");
    return 0;
}
