/* RTLD_LOCAL/GLOBAL (and promotion), RTLD_NOLOAD, RTLD_NODELETE (flag,
 * -z nodelete, promotion), RTLD_DEEPBIND, RTLD_LAZY vs RTLD_NOW. */
#include "dlt.h"

const char *db_name(void) { return "exe"; }

typedef int (*ifn)(void);
typedef const char *(*sfn)(void);

static void nodelete(const char *lib, int flags, int promote)
{
    out("-- %s%s%s\n", lib, flags & RTLD_NODELETE ? " RTLD_NODELETE" : "",
        promote ? " (promoted later)" : "");
    void *h = dlopen(lib, RTLD_NOW | flags);
    CHECK(h != NULL);
    void *h2 = NULL;
    if (promote) {
        h2 = dlopen(lib, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
        SAME(h2 == h);
    }
    ifn f = (ifn)dlsym(h, "nodel_fn");
    out("nodel_fn = %d\n", f ? f() : -1);
    out("dlclose = %d\n", dlclose(h));
    if (h2)
        out("dlclose = %d\n", dlclose(h2));
    out("still loaded: %s\n", dlt_loaded(lib) ? "yes" : "no");
    void *again = dlopen(lib, RTLD_NOW | RTLD_NOLOAD);
    out("RTLD_NOLOAD finds it: %s\n", again ? "yes" : "no");
    if (again)
        dlclose(again);
    (void)dlerror();
}

int main(void)
{
    /* RTLD_LOCAL, then promotion with RTLD_NOLOAD|RTLD_GLOBAL */
    void *ha = dlopen("libdlfa.so", RTLD_NOW | RTLD_LOCAL);
    CHECK(ha != NULL);
    SAME(dlsym(RTLD_DEFAULT, "fa_sym") != NULL);
    (void)dlerror();
    void *hb = dlopen("libdlfb.so", RTLD_NOW);
    SAME(hb != NULL);
    dlt_err("libdlfb before promotion", "fa_sym");
    void *ha2 = dlopen("libdlfa.so", RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
    SAME(ha2 == ha);
    SAME(dlsym(RTLD_DEFAULT, "fa_sym") != NULL);
    hb = dlopen("libdlfb.so", RTLD_NOW);
    CHECK(hb != NULL);
    ifn fb = hb ? (ifn)dlsym(hb, "fb_call") : NULL;
    out("fb_call = %d\n", fb ? fb() : -1);

    /* RTLD_GLOBAL directly; a later library binds to it */
    void *hg = dlopen("libdlglob.so", RTLD_LAZY | RTLD_GLOBAL);
    CHECK(hg != NULL);
    ifn gs = (ifn)dlsym(RTLD_DEFAULT, "glob_sym");
    out("glob_sym via RTLD_DEFAULT = %d\n", gs ? gs() : -1);
    void *hgu = dlopen("libdlglobuse.so", RTLD_NOW);
    CHECK(hgu != NULL);
    ifn gu = hgu ? (ifn)dlsym(hgu, "fb_call") : NULL;
    out("libdlglobuse fb_call = %d\n", gu ? gu() : -1);

    /* RTLD_NOLOAD of a library that is not loaded: NULL, nothing runs */
    void *nl = dlopen("libdlnodel1.so", RTLD_NOW | RTLD_NOLOAD);
    CHECK(nl == NULL);
    dlt_err("RTLD_NOLOAD of an unloaded library", NULL);
    SAME(dlt_loaded("libdlnodel1.so"));

    nodelete("libdlnodel1.so", RTLD_NODELETE, 0);
    nodelete("libdlnodel2.so", 0, 0); /* linked with -z nodelete */
    nodelete("libdlnodel3.so", 0, 1);
    nodelete("libdlnodel4.so", 0, 0); /* control: really unloaded */

    /* RTLD_DEEPBIND: the library's own definition comes first */
    void *hd = dlopen("libdldeep.so", RTLD_NOW | RTLD_DEEPBIND);
    void *hs = dlopen("libdlshallow.so", RTLD_NOW);
    CHECK(hd != NULL && hs != NULL);
    sfn dc = hd ? (sfn)dlsym(hd, "db_call") : NULL;
    sfn sc = hs ? (sfn)dlsym(hs, "db_call") : NULL;
    out("deepbind db_call = %s\n", dc ? dc() : "(none)");
    out("normal db_call = %s\n", sc ? sc() : "(none)");
    out("main db_name = %s\n", db_name());

    /* RTLD_LAZY: an undefined function that is never called is fine
     * (unless LD_BIND_NOW); RTLD_NOW refuses the library */
    void *hl = dlopen("libdllazyundef.so", RTLD_LAZY);
    out("RTLD_LAZY with an undefined function: %s\n", hl ? "loaded" : "refused");
    if (hl) {
        ifn ok = (ifn)dlsym(hl, "lu_ok");
        out("lu_ok = %d\n", ok ? ok() : -1);
        out("dlclose = %d\n", dlclose(hl));
    } else {
        dlt_err("RTLD_LAZY refused", "missing_dl_fn");
    }
    hl = dlopen("libdllazyundef.so", RTLD_NOW);
    out("RTLD_NOW with an undefined function: %s\n", hl ? "loaded" : "refused");
    dlt_err("RTLD_NOW", "missing_dl_fn");
    out("end of main\n");
    return 0;
}
