/* dl_iterate_phdr: listing, counters, early stop, program headers, TLS */
#include "dlt.h"
#include <pthread.h>

struct want { const char *name; int found, loads, dyn, eh, stack, addr_ok; size_t modid; void *tls; ElfW(Addr) addr; };

static int details(struct dl_phdr_info *i, size_t sz, void *d)
{
    struct want *w = d;
    if (strcmp(dlt_base(i->dlpi_name), w->name) != 0)
        return 0;
    w->found++;
    for (int k = 0; k < i->dlpi_phnum; k++) {
        switch (i->dlpi_phdr[k].p_type) {
        case PT_LOAD: w->loads++; break;
        case PT_DYNAMIC: w->dyn++; break;
        case PT_GNU_EH_FRAME: w->eh++; break;
        case PT_GNU_STACK: w->stack++; break;
        }
    }
    w->addr = i->dlpi_addr;
    w->modid = i->dlpi_tls_modid;
    w->tls = i->dlpi_tls_data;
    (void)sz;
    return 0;
}

static struct want show(const char *name)
{
    struct want w = { .name = name };
    dl_iterate_phdr(details, &w);
    /* no dlopen inside the callback: the loader's lock is held there */
    void *h = dlopen(name, RTLD_NOW | RTLD_NOLOAD);
    struct link_map *lm = NULL;
    if (h && dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0)
        w.addr_ok = lm->l_addr == w.addr;
    if (h)
        dlclose(h);
    out("%s: found=%d PT_LOAD=%d PT_DYNAMIC=%d PT_GNU_EH_FRAME=%d PT_GNU_STACK=%d"
        " dlpi_addr=l_addr:%s modid>0:%s\n", name, w.found, w.loads, w.dyn, w.eh, w.stack,
        w.addr_ok ? "yes" : "no", w.modid > 0 ? "yes" : "no");
    return w;
}

static int calls;
static int stop_at_2(struct dl_phdr_info *i, size_t sz, void *d)
{
    (void)i, (void)sz, (void)d;
    return ++calls == 2 ? 77 : 0;
}

static int main_cb(struct dl_phdr_info *i, size_t sz, void *d)
{
    (void)sz;
    int *loads = d;
    if (i->dlpi_name[0] == 0 && *loads < 0) {
        *loads = 0;
        for (int k = 0; k < i->dlpi_phnum; k++)
            *loads += i->dlpi_phdr[k].p_type == PT_LOAD;
    }
    return 0;
}

static void *thread_count(void *arg)
{
    struct dlt_list l = dlt_objects();
    *(int *)arg = l.n;
    return NULL;
}

int main(void)
{
    struct dlt_list l0 = dlt_objects();
    dlt_print_objects("start");
    int loads = -1;
    dl_iterate_phdr(main_cb, &loads);
    out("main program: PT_LOAD=%d\n", loads);
    SAME(l0.adds >= (unsigned long long)l0.n);
    CHECK(l0.subs == 0);

    void *h = dlopen("libdla.so", RTLD_NOW);
    CHECK(h != NULL);
    struct dlt_list l1 = dlt_objects();
    dlt_print_objects("after dlopen");
    out("adds +%llu subs +%llu\n", l1.adds - l0.adds, l1.subs - l0.subs);
    show("libdla.so");
    show("libdlb.so");
    show("libc.so.6");

    int tn = 0;
    pthread_t t;
    pthread_create(&t, NULL, thread_count, &tn);
    pthread_join(t, NULL);
    CHECK(tn == l1.n);

    calls = 0;
    int rc = dl_iterate_phdr(stop_at_2, NULL);
    out("early stop: rc=%d calls=%d\n", rc, calls);

    /* dynamic TLS: module id at once, the block only after first use */
    void *ht = dlopen("libdltls.so", RTLD_NOW);
    CHECK(ht != NULL);
    struct want w = show("libdltls.so");
    out("dlpi_tls_data before first use: %s\n", w.tls ? "set" : "NULL");
    int *(*ta)(void) = (int *(*)(void))dlsym(ht, "dlt_addr");
    int *tv = ta ? ta() : NULL;
    w = show("libdltls.so");
    SAME(w.tls == (void *)tv);
    w = show("libc.so.6");
    out("libc.so.6 dlpi_tls_data: %s\n", w.tls ? "set" : "NULL");

    out("dlclose = %d %d\n", dlclose(h), dlclose(ht));
    struct dlt_list l2 = dlt_objects();
    dlt_print_objects("after dlclose");
    out("adds +%llu subs +%llu\n", l2.adds - l1.adds, l2.subs - l1.subs);
    return 0;
}
