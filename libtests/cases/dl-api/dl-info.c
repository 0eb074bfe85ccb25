/* dladdr, dladdr1, dlinfo */
#include "dlt.h"
#include <limits.h>

int main_exported(int x) { return x + 1; }

static void print_dladdr(const char *what, const void *p)
{
    Dl_info di;
    memset(&di, 0, sizeof di);
    int rc = dladdr(p, &di);
    if (!rc) {
        out("dladdr(%s) = 0\n", what);
        return;
    }
    out("dladdr(%s) = %d: %s %s\n", what, rc, dlt_base(di.dli_fname),
        di.dli_sname ? di.dli_sname : "(no symbol)");
}

/* glibc's command form ("ld.so ./prog") reports "$DIR/." for $ORIGIN */
static int same_dir(const char *a, const char *b)
{
    char ca[PATH_MAX];
    return realpath(a, ca) && strcmp(ca, b) == 0;
}

static void print_serinfo(const char *what, void *h, const char *dir)
{
    Dl_serinfo size;
    if (dlinfo(h, RTLD_DI_SERINFOSIZE, &size) != 0) {
        dlt_err(what, NULL);
        return;
    }
    Dl_serinfo *si = malloc(size.dls_size);
    memcpy(si, &size, sizeof size);
    if (dlinfo(h, RTLD_DI_SERINFO, si) != 0) {
        dlt_err(what, NULL);
        return;
    }
    out("%s: %u directories\n", what, si->dls_cnt);
    size_t dl = strlen(dir);
    for (unsigned i = 0; i < si->dls_cnt; i++) {
        /* glibc's command form ("ld.so ./prog") makes $ORIGIN "$DIR/.":
         * compare canonical names */
        char canon[PATH_MAX];
        const char *n = si->dls_serpath[i].dls_name;
        if (realpath(n, canon))
            n = canon;
        if (strncmp(n, dir, dl) == 0)
            out("  $DIR%s flags=%u\n", n + dl, si->dls_serpath[i].dls_flags);
        else
            out("  %s flags=%u\n", n, si->dls_serpath[i].dls_flags);
    }
    free(si);
}

int main(void)
{
    /* the runner starts programs in their directory (/proc/self/exe would
     * be the loader in the command form) */
    char cwd[PATH_MAX], dir[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd) || !realpath(cwd, dir))
        return 1;

    void *h = dlopen("libdla.so", RTLD_NOW);
    CHECK(h != NULL);
    if (!h)
        return 1;
    void *f = dlsym(h, "dla_func");
    void *v = dlsym(h, "dla_var");
    struct link_map *lm = NULL;
    CHECK(dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0);
    SAME((void *)lm == h);

    /* dladdr */
    print_dladdr("dla_func", f);
    print_dladdr("dla_func+1", (char *)f + 1);
    print_dladdr("dla_var", v);
    int (*(*sp)(void))(int) = (int (*(*)(void))(int))dlsym(h, "dla_static_ptr");
    print_dladdr("static function", (void *)sp());
    int local = 0;
    print_dladdr("stack", &local);
    print_dladdr("main", (void *)main);
    print_dladdr("main_exported", (void *)main_exported);
    print_dladdr("printf", (void *)printf);
    print_dladdr("dlopen", (void *)dlopen);
    Dl_info di;
    if (dladdr(f, &di)) {
        SAME(di.dli_saddr == f);
        SAME(lm && di.dli_fbase == (void *)lm->l_addr);
    }
    if (dladdr((char *)f + 1, &di))
        SAME(di.dli_saddr == f);

    /* dladdr1 */
    const ElfW(Sym) *sym = NULL;
    if (dladdr1(f, &di, (void **)&sym, RTLD_DL_SYMENT)) {
        CHECK(sym != NULL);
        if (sym) {
            SAME(ELF64_ST_TYPE(sym->st_info) == STT_FUNC);
            SAME(ELF64_ST_BIND(sym->st_info) == STB_GLOBAL);
            SAME(sym->st_size > 0);
        }
    } else
        out("dladdr1 RTLD_DL_SYMENT failed\n");
    struct link_map *lm1 = NULL;
    if (dladdr1((char *)f + 2, &di, (void **)&lm1, RTLD_DL_LINKMAP)) {
        SAME(lm1 == lm);
        out("dladdr1 RTLD_DL_LINKMAP: %s\n", lm1 ? dlt_base(lm1->l_name) : "(null)");
    } else
        out("dladdr1 RTLD_DL_LINKMAP failed\n");

    /* RTLD_DI_LINKMAP: the namespace list */
    struct link_map *head = lm;
    while (head && head->l_prev)
        head = head->l_prev;
    out("link map list:");
    for (struct link_map *l = head; l; l = l->l_next)
        out(" %s", dlt_base(l->l_name));
    out("\n");
    SAME(lm && lm->l_next && strcmp(dlt_base(lm->l_next->l_name), "libdlb.so") == 0);

    /* RTLD_DI_ORIGIN */
    char origin[PATH_MAX];
    CHECK(dlinfo(h, RTLD_DI_ORIGIN, origin) == 0);
    SAME(same_dir(origin, dir));
    void *hb = dlopen("libdlb.so", RTLD_NOW | RTLD_NOLOAD);
    CHECK(hb && dlinfo(hb, RTLD_DI_ORIGIN, origin) == 0);
    SAME(same_dir(origin, dir));
    void *self = dlopen(NULL, RTLD_NOW);
    CHECK(dlinfo(self, RTLD_DI_ORIGIN, origin) == 0);
    SAME(same_dir(origin, dir));

    /* RTLD_DI_SERINFO */
    print_serinfo("search path of the program", self, dir);
    print_serinfo("search path of libdla.so", h, dir);
    void *hn = dlopen("libdlnorunpath.so", RTLD_NOW);
    CHECK(hn != NULL);
    print_serinfo("search path of libdlnorunpath.so", hn, dir);

    /* RTLD_DI_TLS_MODID / RTLD_DI_TLS_DATA */
    size_t modid = 99;
    CHECK(dlinfo(h, RTLD_DI_TLS_MODID, &modid) == 0);
    out("libdla TLS module id = %zu\n", modid);
    void *ht = dlopen("libdltls.so", RTLD_NOW);
    CHECK(ht != NULL);
    modid = 0;
    CHECK(dlinfo(ht, RTLD_DI_TLS_MODID, &modid) == 0);
    SAME(modid > 0);
    void *data = (void *)1;
    CHECK(dlinfo(ht, RTLD_DI_TLS_DATA, &data) == 0);
    out("TLS block allocated before first use: %s\n", data ? "yes" : "no");
    int *(*ta)(void) = (int *(*)(void))dlsym(ht, "dlt_addr");
    int *tv = ta ? ta() : NULL;
    out("dlt_tv = %d\n", tv ? *tv : -1);
    CHECK(dlinfo(ht, RTLD_DI_TLS_DATA, &data) == 0);
    SAME(data == (void *)tv);
    data = (void *)1;
    CHECK(dlinfo(h, RTLD_DI_TLS_DATA, &data) == 0);
    SAME(data == NULL);

    /* RTLD_DI_LMID */
    Lmid_t lmid = 99;
    CHECK(dlinfo(h, RTLD_DI_LMID, &lmid) == 0);
    out("lmid = %ld\n", (long)lmid);

    /* a request glibc does not know */
    CHECK(dlinfo(h, 12345, origin) == -1);
    dlt_err("unknown dlinfo request", NULL);
    return 0;
}
