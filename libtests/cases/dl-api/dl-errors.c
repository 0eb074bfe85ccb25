/* dlerror() for failed dlopen/dlsym/dlvsym, and failed dlopen leaves
 * nothing behind. */
#include "dlt.h"
#include <pthread.h>

static void *thread_fail(void *arg)
{
    (void)arg;
    void *h = dlopen("libdl-thread-missing.so", RTLD_NOW);
    out("thread: dlopen %s\n", h ? "worked" : "failed");
    dlt_err("thread: own error", "libdl-thread-missing.so");
    return NULL;
}

int main(void)
{
    struct dlt_list before = dlt_objects();
    CHECK(dlerror() == NULL);

    void *h = dlopen("libdoes-not-exist-dl.so", RTLD_NOW);
    CHECK(h == NULL);
    dlt_err("missing library", "libdoes-not-exist-dl.so");
    dlt_err("dlerror after being read", NULL);
    h = dlopen("/nonexistent-dir-dl/libx.so", RTLD_LAZY);
    CHECK(h == NULL);
    dlt_err("missing absolute path", "/nonexistent-dir-dl/libx.so");
    h = dlopen("libdlnotelf.so", RTLD_NOW);
    CHECK(h == NULL);
    dlt_err("not an ELF file", "libdlnotelf.so");
    h = dlopen("libdldepmiss.so", RTLD_NOW);
    CHECK(h == NULL);
    dlt_err("missing dependency", "libdlgone.so");
    h = dlopen("libdldataundef.so", RTLD_LAZY);
    CHECK(h == NULL);
    dlt_err("undefined data symbol, RTLD_LAZY", "missing_dl_var");
    h = dlopen("libdllazyundef.so", RTLD_NOW);
    CHECK(h == NULL);
    dlt_err("undefined function, RTLD_NOW", "missing_dl_fn");
    h = dlopen("libdla.so", 0);
    CHECK(h == NULL);
    dlt_err("mode 0", NULL);
    h = dlopen("libdla.so", RTLD_GLOBAL);
    CHECK(h == NULL);
    dlt_err("RTLD_GLOBAL without binding mode", NULL);
    SAME(dlt_loaded("libdla.so"));

    /* nothing left behind */
    struct dlt_list after = dlt_objects();
    CHECK(after.n == before.n);
    int same = after.n == before.n;
    for (int i = 0; same && i < after.n && i < 64; i++)
        same = strcmp(after.names[i], before.names[i]) == 0;
    CHECK(same);
    CHECK(after.adds - before.adds == after.subs - before.subs);
    CHECK(dlopen("libdldepmiss.so", RTLD_NOW | RTLD_NOLOAD) == NULL);
    CHECK(dlopen("libdldataundef.so", RTLD_NOW | RTLD_NOLOAD) == NULL);
    CHECK(dlopen("libdllazyundef.so", RTLD_NOW | RTLD_NOLOAD) == NULL);
    CHECK(dlopen("libdlb.so", RTLD_NOW | RTLD_NOLOAD) == NULL);
    (void)dlerror();

    /* a good library still loads */
    h = dlopen("libdla.so", RTLD_NOW);
    CHECK(h != NULL);
    if (!h)
        return 1;
    int (*f)(int) = (int (*)(int))dlsym(h, "dla_func");
    out("dla_func(20) = %d\n", f ? f(20) : -1);

    /* missing symbols */
    CHECK(dlsym(h, "no_such_symbol_dl") == NULL);
    dlt_err("missing symbol", "no_such_symbol_dl");
    CHECK(dlsym(RTLD_DEFAULT, "no_such_symbol_dl2") == NULL);
    dlt_err("missing symbol, RTLD_DEFAULT", "no_such_symbol_dl2");
    /* glibc accepts an unversioned definition for any requested version */
    SAME(dlvsym(h, "dla_func", "NO_SUCH_VERSION") != NULL);
    (void)dlerror();
    void *hv = dlopen("libdlv.so", RTLD_NOW);
    CHECK(hv && dlvsym(hv, "vfun", "NO_SUCH_VERSION") == NULL);
    dlt_err("missing version", "vfun");
    if (hv)
        dlclose(hv);
    CHECK(dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_9.99") == NULL);
    dlt_err("missing libc version", "memcpy");
    /* an error is kept until dlerror() reads it, across successful calls */
    CHECK(dlsym(h, "no_such_symbol_dl3") == NULL);
    CHECK(dlsym(h, "dla_var") != NULL);
    dlt_err("after failure then success", "no_such_symbol_dl3");

    /* dlerror state is per thread */
    pthread_t t;
    pthread_create(&t, NULL, thread_fail, NULL);
    pthread_join(t, NULL);
    dlt_err("main after thread failure", NULL);

    out("dlclose = %d\n", dlclose(h));
    struct dlt_list end = dlt_objects();
    CHECK(end.n == before.n);
    return 0;
}
