/* Scopes of an object shared between dlopen groups (glibc elf/dl-open.c
 * update_scopes, elf/dl-close.c _dl_close_worker).  p1 and p2 both need libsch
 * (which needs libsch2).  Opening p2 adds p2's search list to libsch's scope:
 * libsch then finds what only p2's group defines (strong and weak).  Closing
 * p1 takes p1's search list out of libsch's scope: a later lazy binding in
 * libsch must not walk p1's freed list.  Ten more plugins sharing libsch grow
 * its scope past any fixed number of slots (glibc: 4 in l_scope_mem, then
 * malloc); a symbol only the last of them defines is found.
 * Argument "direct": libsch is dlopened itself while p1 and p2 are open (its
 * own search list joins its scope; dlsym finds its dependency's symbols).
 * Without it, closing p1 gives libsch a search list of its own in the place
 * of p1's (glibc), so dup_sym then binds to libsch2's before p2's. */
#include "lt.h"
#include <dlfcn.h>
#include <stdlib.h>

static void *open1(const char *name)
{
    void *h = dlopen(name, RTLD_LAZY);
    if (!h) {
        out("dlopen %s: %s\n", name, dlerror());
        exit(1);
    }
    return h;
}

static int call(void *h, const char *sym)
{
    int (*f)(void) = (int (*)(void))dlsym(h, sym);
    if (!f) {
        out("dlsym %s: %s\n", sym, dlerror());
        exit(1);
    }
    return f();
}

int main(int argc, char **argv)
{
    int direct = argc > 1 && !strcmp(argv[1], "direct");
    void *p1 = open1("libscp1.so");
    out("p1: %d\n", call(p1, "plugin_call"));
    void *p2 = open1("libscp2.so");
    /* only through p2's group, which libsch's scope now has */
    out("h_only_q: %d\n", call(p2, "h_only_q"));
    out("h_weak_p2: %d\n", call(p2, "h_weak_p2"));
    if (direct) {
        void *h = open1("libsch.so");
        out("dlsym libsch h2_val: %d\n", call(h, "h2_val"));
        CHECK(dlclose(h) == 0);
    }
    CHECK(dlclose(p1) == 0);
    CHECK(dlopen("libscp1.so", RTLD_LAZY | RTLD_NOLOAD) == NULL);
    out("h_dup: %d\n", call(p2, "h_dup"));
    out("h_next_dup: %d\n", call(p2, "h_next_dup"));
    /* h_late's first call binds h2_late through libsch's scope after p1 went */
    out("h_late: %d\n", call(p2, "h_late"));
    out("p2: %d\n", call(p2, "plugin_call"));

    /* many groups: libsch's scope grows with each */
    char name[32];
    void *more[10];
    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof name, "libscm%d.so", i);
        more[i] = open1(name);
    }
    out("h_only_last: %d\n", call(p2, "h_only_last"));
    out("h_weak_last: %d\n", call(p2, "h_weak_last"));
    for (int i = 0; i < 10; i += 2)
        CHECK(dlclose(more[i]) == 0);
    for (int i = 1; i < 10; i += 2)
        out("m%d: %d\n", i, call(more[i], "plugin_call"));
    for (int i = 1; i < 10; i += 2)
        CHECK(dlclose(more[i]) == 0);
    out("p2 again: %d\n", call(p2, "plugin_call"));
    CHECK(dlclose(p2) == 0);
    CHECK(dlopen("libsch.so", RTLD_LAZY | RTLD_NOLOAD) == NULL);
    return 0;
}
