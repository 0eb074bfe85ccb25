/* RTLD_NOLOAD (issue 6 item 7): any name a real dlopen would resolve to a
 * loaded file finds it -- the soname, the file name, the development symlink
 * libetfoo.so -> libetfoo.so.1 by bare name or path, another symlink; a copy
 * (another inode) or a file not loaded is NULL with no error; a name that
 * finds nothing is glibc's "cannot open" error.  Nothing is ever loaded. */
#include "et.h"

static void *real;

static void nolo(const char *name)
{
    int before = et_objects();
    void *h = dlopen(name, RTLD_NOW | RTLD_NOLOAD);
    const char *res = !h ? "NULL" : h == real ? "the loaded handle" : "ANOTHER HANDLE";
    out("NOLOAD %s: %s, objects %+d\n", name, res, et_objects() - before);
    et_err(name);
    if (h)
        dlclose(h);
}

int main(int argc, char **argv)
{
    (void)argc;
    et_init(argv[0]);
    nolo("libetfoo.so.1");
    nolo("libetfoo.so");
    real = dlopen("libetfoo.so.1", RTLD_NOW);
    out("dlopen libetfoo.so.1: %s\n", real ? "ok" : dlerror());
    nolo("libetfoo.so.1");
    nolo("libetfoo.so");
    nolo("libetfoo-alias.so");
    nolo("./errtext.d/libetfoo.so");
    nolo("./errtext.d/libetfoo.so.1");
    nolo("./errtext.d/../errtext.d/libetfoo-alias.so");
    nolo("libetfoo-copy.so");
    nolo("./errtext.d/libetfoo-copy.so");
    nolo("libet-ok.so");
    nolo("libet-missing.so");
    nolo("./errtext.d/libet-missing.so");
    nolo("libet-notelf.so");
    nolo("libet-class32.so");
    /* the copy is still not loaded, and a real open maps it as a new object */
    int before = et_objects();
    void *copy = dlopen("libetfoo-copy.so", RTLD_NOW);
    out("dlopen copy: %s, objects %+d\n", !copy ? "NULL" : copy == real ? "SAME" : "new", et_objects() - before);
    if (copy)
        dlclose(copy);
    /* the dev symlink in a new name list: a later plain dlopen by it is the same object */
    void *again = dlopen("libetfoo.so", RTLD_NOW);
    out("dlopen libetfoo.so after: %s\n", again == real ? "same object" : "OTHER");
    if (again)
        dlclose(again);
    dlclose(real);
    nolo("libetfoo.so");
    /* an object first loaded as a dependency: a NOLOAD handle to it searches
       its own dependencies (glibc's dl_open_worker builds its search list) */
    void *root = dlopen("libetndroot.so", RTLD_NOW);
    out("dlopen libetndroot.so: %s\n", root ? "ok" : dlerror());
    void *mid = dlopen("libetnd.so", RTLD_NOW | RTLD_NOLOAD);
    out("NOLOAD libetnd.so: %s\n", mid ? "found" : "NULL");
    int (*leaf)(void) = mid ? (int (*)(void))dlsym(mid, "etnd2_sym") : 0;
    out("dlsym(mid, etnd2_sym): %s\n", leaf ? (leaf() == 7 ? "found, 7" : "WRONG") : "not found");
    if (mid)
        dlclose(mid);
    if (root)
        dlclose(root);
    return 0;
}
