/* _dl_find_object */
#include "dlt.h"
#include <sys/auxv.h>

static void find(const char *what, const void *pc, void *handle)
{
    struct dl_find_object r;
    memset(&r, 0, sizeof r);
    int rc = _dl_find_object((void *)pc, &r);
    if (rc != 0 || strcmp(what, "loader") == 0) {
        /* the loader's own unwind data is its own business */
        out("%s: rc=%d%s%s\n", what, rc, rc ? "" : " ",
            rc ? "" : r.dlfo_link_map ? dlt_base(r.dlfo_link_map->l_name) : "(no map)");
        return;
    }
    out("%s: rc=0 %s in-range:%s eh_frame:%s", what,
        r.dlfo_link_map ? dlt_base(r.dlfo_link_map->l_name) : "(no map)",
        (const char *)r.dlfo_map_start <= (const char *)pc && (const char *)pc < (const char *)r.dlfo_map_end ? "yes" : "no",
        r.dlfo_eh_frame == NULL ? "NULL"
        : ((char *)r.dlfo_eh_frame >= (char *)r.dlfo_map_start && (char *)r.dlfo_eh_frame < (char *)r.dlfo_map_end) ? "inside" : "outside");
    if (handle)
        out(" link_map=handle:%s", (void *)r.dlfo_link_map == handle ? "yes" : "no");
    if (r.dlfo_link_map)
        out(" map_start=l_map_start:%s", r.dlfo_link_map->l_addr <= (ElfW(Addr))r.dlfo_map_start ? "yes" : "no");
    out("\n");
}

int main(void)
{
    int local;
    find("main", (void *)main, NULL);
    find("printf", (void *)printf, NULL);
    find("loader", dlsym(RTLD_DEFAULT, "__tls_get_addr"), NULL);
    find("stack", &local, NULL);
    find("NULL", NULL, NULL);
    void *vdso = (void *)getauxval(AT_SYSINFO_EHDR);
    if (vdso)
        find("vdso", (char *)vdso + 1, NULL);
    void *h = dlopen("libdla.so", RTLD_NOW);
    CHECK(h != NULL);
    if (!h)
        return 1;
    void *f = dlsym(h, "dla_func");
    void *b = dlsym(h, "dlb_func");
    find("dla_func", f, h);
    find("dlb_func", b, NULL);
    find("dla_var", dlsym(h, "dla_var"), h);
    out("dlclose = %d\n", dlclose(h));
    find("dla_func after dlclose", f, NULL);
    find("dlb_func after dlclose", b, NULL);
    h = dlopen("libdla.so", RTLD_NOW);
    f = dlsym(h, "dla_func");
    find("dla_func reopened", f, h);
    return 0;
}
