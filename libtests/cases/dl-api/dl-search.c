/* Where dlopen looks: the calling object's RUNPATH, the executable's DT_RPATH
 * (for callers without RUNPATH), names of loaded objects, $ORIGIN in the
 * argument, symlinks to a loaded file, "" for the program, and refusing PIE
 * executables. */
#include "dlt.h"

int main(int argc, char **argv)
{
    (void)argc, (void)argv;
    void *(*copen)(const char *) = NULL, *(*nopen)(const char *) = NULL;
    void *hc = dlopen("libdlcaller.so", RTLD_NOW);
    void *hn = dlopen("libdlcaller-norunpath.so", RTLD_NOW);
    CHECK(hc != NULL && hn != NULL);
    if (!hc || !hn)
        return 1;
    copen = (void *(*)(const char *))dlsym(hc, "caller_open");
    nopen = (void *(*)(const char *))dlsym(hn, "caller_open");

    /* libdlsub.so is only on libdlcaller.so's RUNPATH */
    void *s = dlopen("libdlsub.so", RTLD_NOW);
    out("main: libdlsub.so %s\n", s ? "found" : "not found");
    dlt_err("main", "libdlsub.so");
    s = copen("libdlsub.so");
    out("libdlcaller: libdlsub.so %s\n", s ? "found" : "not found");
    void *s2 = dlopen("libdlsub.so", RTLD_NOW);
    out("main, once loaded: libdlsub.so %s\n", s2 ? "found" : "not found");
    SAME(s2 == s);
    (void)dlerror();

    /* libdlrp.so is only on the executable's DT_RPATH (dl-search-rpath) or
     * RUNPATH (dl-search): a caller without RUNPATH of its own gets the
     * executable's DT_RPATH, never its RUNPATH */
    void *r = copen("libdlrp.so");
    out("libdlcaller: libdlrp.so %s\n", r ? "found" : "not found");
    (void)dlerror();
    r = nopen("libdlrp.so");
    out("libdlcaller-norunpath: libdlrp.so %s\n", r ? "found" : "not found");
    (void)dlerror();

    /* $ORIGIN in the argument is the caller's directory */
    void *o = dlopen("$ORIGIN/libdla.so", RTLD_NOW);
    out("$ORIGIN/libdla.so: %s\n", o ? "found" : "not found");
    void *o2 = dlopen("libdla.so", RTLD_NOW);
    SAME(o == o2);
    void *ol = dlopen("libdla-link.so", RTLD_NOW);
    out("symlink to a loaded library: %s\n", ol == o2 ? "same handle" : ol ? "another handle" : "not found");
    SAME(dlt_loaded("libdla-link.so"));
    (void)dlerror();

    /* "" is the program, like NULL */
    void *e = dlopen("", RTLD_NOW);
    SAME(e != NULL && e == dlopen(NULL, RTLD_NOW));

    /* a PIE executable is refused */
    void *pie = dlopen("./dl-basic", RTLD_NOW);
    CHECK(pie == NULL);
    dlt_err("dlopen of a PIE executable", "dl-basic");
    dlt_print_objects("objects");
    return 0;
}
