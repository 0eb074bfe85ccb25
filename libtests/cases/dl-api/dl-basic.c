/* dlopen/dlsym/dlvsym/dlclose, handles, RTLD_DEFAULT, RTLD_NEXT, dlopen(NULL) */
#include "dlt.h"
#include <limits.h>

int main_exported_var = 5;
int main_exported(int x) { return x + 100; }
const char *nx_name(void);

int main(void)
{
    void *h = dlopen("libdla.so", RTLD_NOW);
    CHECK(h != NULL);
    if (!h) {
        out("dlerror: %s\n", dlerror() ? "set" : "NULL");
        return 1;
    }
    int (*f)(int) = (int (*)(int))dlsym(h, "dla_func");
    CHECK(f != NULL);
    out("dla_func(5) = %d\n", f ? f(5) : -1);
    int *v = dlsym(h, "dla_var");
    out("dla_var = %d\n", v ? *v : -1);
    /* dlsym(handle) searches the object and its dependencies */
    int (*g)(int) = (int (*)(int))dlsym(h, "dlb_func");
    out("dlb_func via the libdla handle = %d\n", g ? g(4) : -1);
    const char *(*w)(void) = (const char *(*)(void))dlsym(h, "dla_whoami");
    out("dla_whoami via libdla: %s\n", w ? w() : "(none)");
    void *hb = dlopen("libdlb.so", RTLD_NOW | RTLD_NOLOAD);
    CHECK(hb != NULL);
    w = (const char *(*)(void))dlsym(hb, "dla_whoami");
    out("dla_whoami via libdlb: %s\n", w ? w() : "(none)");

    /* one object, one handle, whatever the name used */
    void *h2 = dlopen("libdla.so", RTLD_LAZY);
    SAME(h2 == h);
    void *h3 = dlopen("./libdla.so", RTLD_NOW);
    SAME(h3 == h);
    /* the runner starts programs in their directory (/proc/self/exe would
     * be the loader in the command form) */
    char dir[PATH_MAX], path[PATH_MAX + 32];
    if (!getcwd(dir, sizeof dir))
        return 1;
    snprintf(path, sizeof path, "%s/libdla.so", dir);
    void *h4 = dlopen(path, RTLD_NOW);
    SAME(h4 == h);

    /* RTLD_LOCAL (the default) keeps it out of the global scope */
    SAME(dlsym(RTLD_DEFAULT, "dla_func") != NULL);
    (void)dlerror();
    void *(*dl_lookup)(const char *) = (void *(*)(const char *))dlsym(h, "dla_default_lookup");
    if (dl_lookup) {
        SAME(dl_lookup("dla_func") == (void *)f);
        SAME(dl_lookup("dlb_func") == (void *)g);
        SAME(dl_lookup("main_exported") == (void *)main_exported);
    }
    (void)dlerror();
    SAME(dlsym(RTLD_DEFAULT, "printf") == (void *)printf);
    SAME(dlsym(RTLD_DEFAULT, "main_exported") == (void *)main_exported);
    SAME(dlsym(RTLD_DEFAULT, "main_exported_var") == (void *)&main_exported_var);

    /* dlopen(NULL): the global scope */
    void *self = dlopen(NULL, RTLD_NOW);
    CHECK(self != NULL);
    SAME(dlopen(NULL, RTLD_LAZY) == self);
    SAME(dlsym(self, "main_exported") == (void *)main_exported);
    SAME(dlsym(self, "printf") == (void *)printf);
    SAME(dlsym(self, "dla_func") != NULL);
    (void)dlerror();

    /* RTLD_NEXT: from the executable and along libdlnx1 -> 2 -> 3 */
    out("nx_name() = %s\n", nx_name());
    const char *(*nx)(void) = (const char *(*)(void))dlsym(RTLD_NEXT, "nx_name");
    out("RTLD_NEXT nx_name from main = %s\n", nx ? nx() : "(none)");
    SAME(dlsym(RTLD_NEXT, "puts") == (void *)puts);

    /* dlvsym */
    void *hv = dlopen("libdlv.so", RTLD_NOW);
    CHECK(hv != NULL);
    int (*v1)(void) = (int (*)(void))dlvsym(hv, "vfun", "V1");
    int (*v2)(void) = (int (*)(void))dlvsym(hv, "vfun", "V2");
    int (*vd)(void) = (int (*)(void))dlsym(hv, "vfun");
    out("vfun@V1 = %d, vfun@V2 = %d, vfun = %d\n", v1 ? v1() : -1, v2 ? v2() : -1, vd ? vd() : -1);
    void *v3 = dlvsym(hv, "vfun", "V3");
    CHECK(v3 == NULL);
    dlt_err("dlvsym vfun@V3", "vfun");
    int (*vo)(void) = (int (*)(void))dlvsym(hv, "vonly", "V1");
    out("vonly@V1 = %d\n", vo ? vo() : -1);
    void *m1 = dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_2.2.5");
    void *m2 = dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_2.14");
    CHECK(m1 != NULL && m2 != NULL);
    SAME(m1 == m2);
    SAME(m2 == dlsym(RTLD_DEFAULT, "memcpy"));
    void *rp = dlvsym(RTLD_DEFAULT, "realpath", "GLIBC_2.3");
    CHECK(rp != NULL);
    SAME(rp == (void *)realpath);
    void *rp0 = dlvsym(RTLD_DEFAULT, "realpath", "GLIBC_2.2.5");
    CHECK(rp0 != NULL);
    SAME(rp0 == rp);

    out("dlclose: %d %d %d %d %d %d %d %d\n", dlclose(h), dlclose(h2), dlclose(h3), dlclose(h4),
        dlclose(hb), dlclose(hv), dlclose(self), dlclose(self));
    SAME(dlt_loaded("libdla.so"));
    return 0;
}
