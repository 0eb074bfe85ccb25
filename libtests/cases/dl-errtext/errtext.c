/* dlerror() texts, verbatim: programs parse them (issue 6 items 8, 9, 15).
 * Every expectation is glibc's own output for the same call. */
#include "et.h"

static void try_open(const char *what, const char *name)
{
    void *h = dlopen(name, RTLD_NOW);
    if (h) {
        out("%s: opened\n", what);
        dlclose(h);
        return;
    }
    et_err(what);
}

int main(int argc, char **argv)
{
    (void)argc;
    et_init(argv[0]);
    int before = et_objects();

    /* nothing there */
    try_open("missing, bare name", "libet-missing.so");
    try_open("missing, by path", "/nonexistent-et-dir/libet-missing.so");
    try_open("missing, relative path", "./errtext.d/libet-missing.so");
    try_open("path through a file", "./errtext.d/libet-notelf.so/libet.so");
    /* there, but not an object */
    try_open("not ELF, bare name", "libet-notelf.so");
    try_open("not ELF, by path", "./errtext.d/libet-notelf.so");
    try_open("empty, bare name", "libet-empty.so");
    try_open("empty, by path", "./errtext.d/libet-empty.so");
    try_open("shorter than a header", "./errtext.d/libet-short.so");
    try_open("directory, bare name", "libet-dir.so");
    try_open("directory, by path", "./errtext.d/libet-dir.so");
    try_open("symlink loop", "./errtext.d/libet-loop.so");
    try_open("ELFCLASS32, bare name", "libet-class32.so");
    try_open("ELFCLASS32, by path", "./errtext.d/libet-class32.so");
    try_open("other machine, bare name", "libet-mach.so");
    try_open("other machine, by path", "./errtext.d/libet-mach.so");
    try_open("byte order", "./errtext.d/libet-msb.so");
    try_open("ident version", "./errtext.d/libet-identver.so");
    try_open("OS ABI", "./errtext.d/libet-osabi.so");
    try_open("ET_REL", "./errtext.d/libet-rel.so");
    try_open("phentsize", "./errtext.d/libet-phentsize.so");
    try_open("a position-independent executable", "./errtext.d/et-pie");
    try_open("an ET_EXEC executable", "./errtext.d/et-exec");
    try_open("a version the dependency lacks", "libet-needver.so");
    /* DF_1_NOOPEN: refused itself and as a dependency, by any name */
    try_open("NOOPEN, bare name", "libet-noopen.so");
    try_open("NOOPEN, by path", "./errtext.d/libet-noopen.so");
    try_open("NOOPEN as a dependency", "libet-usenoopen.so");
    void *h = dlopen("libet-noopen.so", RTLD_NOW | RTLD_NOLOAD);
    out("NOOPEN, RTLD_NOLOAD: %s\n", h ? "handle" : "NULL");
    et_err("NOOPEN, RTLD_NOLOAD");
    out("objects after the failures: %+d\n", et_objects() - before);

    /* symbols */
    h = dlopen("libet-ok.so", RTLD_NOW);
    out("libet-ok.so: %s\n", h ? "opened" : dlerror());
    if (!h)
        return 1;
    out("dlsym(lib, et_nosym) %s\n", dlsym(h, "et_nosym") ? "found" : "NULL");
    et_err("missing symbol in a library");
    out("dlvsym(lib, et_vfun, ET_NOPE) %s\n", dlvsym(h, "et_vfun", "ET_NOPE") ? "found" : "NULL");
    et_err("missing version in a library");
    out("dlsym(RTLD_DEFAULT, et_nosym) %s\n", dlsym(RTLD_DEFAULT, "et_nosym") ? "found" : "NULL");
    et_err("missing symbol, RTLD_DEFAULT");
    void *self = dlopen(NULL, RTLD_NOW);
    out("dlsym(main, et_nosym) %s\n", dlsym(self, "et_nosym") ? "found" : "NULL");
    et_err("missing symbol in the main program");
    out("dlvsym(main, main, ET_NOPE) %s\n", dlvsym(self, "main", "ET_NOPE") ? "found" : "NULL");
    et_err("missing symbol and version in the main program");
    out("dlvsym(RTLD_DEFAULT, et_vfun, ET_NOPE) %s\n",
        dlvsym(RTLD_DEFAULT, "et_vfun", "ET_NOPE") ? "found" : "NULL");
    et_err("missing version, RTLD_DEFAULT");
    dlclose(h);
    return 0;
}
