/* dlmopen(LM_ID_NEWLM): a second namespace with its own libc */
#include "dlt.h"

typedef int (*ifn)(void);
typedef void *(*pfn)(void);

int main(void)
{
    void *h1 = dlopen("libmo.so", RTLD_NOW);
    CHECK(h1 != NULL);
    void *h2 = dlmopen(LM_ID_NEWLM, "libmo.so", RTLD_NOW);
    CHECK(h2 != NULL);
    if (!h1 || !h2) {
        dlt_err("dlmopen", NULL);
        return 1;
    }
    SAME(h1 == h2);
    Lmid_t l1 = -1, l2 = -1;
    CHECK(dlinfo(h1, RTLD_DI_LMID, &l1) == 0);
    CHECK(dlinfo(h2, RTLD_DI_LMID, &l2) == 0);
    out("namespaces: %ld %ld\n", (long)l1, (long)l2);

    ifn n1 = (ifn)dlsym(h1, "mo_next"), n2 = (ifn)dlsym(h2, "mo_next");
    CHECK(n1 && n2);
    SAME(n1 == n2);
    int a = n1(), b = n1(), c = n1(), d = n2();
    out("counters: base %d %d %d, new namespace %d\n", a, b, c, d);
    pfn ca1 = (pfn)dlsym(h1, "mo_counter_addr"), ca2 = (pfn)dlsym(h2, "mo_counter_addr");
    SAME(ca1() == ca2());

    /* a separate libc */
    pfn so1 = (pfn)dlsym(h1, "mo_stdout"), so2 = (pfn)dlsym(h2, "mo_stdout");
    SAME(so1() == (void *)stdout);
    SAME(so2() == (void *)stdout);
    pfn ma2 = (pfn)dlsym(h2, "mo_malloc_fn");
    SAME(ma2() == (void *)malloc);
    SAME(dlsym(h2, "printf") == (void *)printf);
    SAME(dlsym(h1, "printf") == (void *)printf);
    void (*say1)(const char *) = (void (*)(const char *))dlsym(h1, "mo_say");
    void (*say2)(const char *) = (void (*)(const char *))dlsym(h2, "mo_say");
    say1("base namespace");
    say2("new namespace");
    ifn v1 = (ifn)dlsym(h1, "mo_visible"), v2 = (ifn)dlsym(h2, "mo_visible");
    out("libmo.so seen by dl_iterate_phdr: from base %d, from new %d\n", v1(), v2());
    Dl_info di;
    if (dladdr((void *)n2, &di))
        out("dladdr(new mo_next): %s %s\n", dlt_base(di.dli_fname), di.dli_sname ? di.dli_sname : "(none)");
    struct link_map *lm = NULL;
    if (dlinfo(h2, RTLD_DI_LINKMAP, &lm) == 0) {
        while (lm->l_prev)
            lm = lm->l_prev;
        out("new namespace list:");
        for (; lm; lm = lm->l_next)
            out(" %s", dlt_base(lm->l_name));
        out("\n");
    }

    /* more objects into the same namespace; LM_ID_BASE is dlopen */
    void *h3 = dlmopen(l2, "libmo2.so", RTLD_NOW);
    CHECK(h3 != NULL);
    ifn m2 = h3 ? (ifn)dlsym(h3, "mo2_next") : NULL;
    out("mo2_next in new namespace = %d\n", m2 ? m2() : -1);
    void *h4 = dlmopen(l2, "libmo.so", RTLD_NOW);
    SAME(h4 == h2);
    void *h5 = dlmopen(LM_ID_BASE, "libmo.so", RTLD_NOW);
    SAME(h5 == h1);
    SAME(dlsym(RTLD_DEFAULT, "mo_next") != NULL);
    (void)dlerror();

    /* a second new namespace */
    void *h6 = dlmopen(LM_ID_NEWLM, "libmo.so", RTLD_NOW);
    CHECK(h6 != NULL);
    Lmid_t l3 = -1;
    if (h6 && dlinfo(h6, RTLD_DI_LMID, &l3) == 0)
        out("third namespace: %ld, counter %d\n", (long)l3, ((ifn)dlsym(h6, "mo_next"))());

    /* errors */
    CHECK(dlmopen(l2, "libno-such-mo.so", RTLD_NOW) == NULL);
    dlt_err("dlmopen missing", "libno-such-mo.so");
    CHECK(dlmopen(12345, "libmo.so", RTLD_NOW) == NULL);
    dlt_err("dlmopen bad namespace", NULL);

    out("dlclose: %d %d %d\n", dlclose(h3), dlclose(h4), dlclose(h2));
    out("dlclose third: %d\n", h6 ? dlclose(h6) : -1);
    out("base counter: %d\n", n1());
    out("end of main\n");
    return 0;
}
