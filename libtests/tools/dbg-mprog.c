/* dbg-mprog: dlmopens libdbgns.so (next to it) into a new namespace and
 * calls into it; a debugger stops there.  Prints "dbg-mprog: ok". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    char path[4096];
    const char *slash = strrchr(argv[0], '/');
    snprintf(path, sizeof path, "%.*slibdbgns.so", slash ? (int)(slash - argv[0] + 1) : 0,
             argv[0]);
    void *h = dlmopen(LM_ID_NEWLM, path, RTLD_NOW);
    if (!h) {
        printf("dbg-mprog: dlmopen failed: %s\n", dlerror());
        return 1;
    }
    int (*inner)(int) = (int (*)(int))dlsym(h, "dbg_ns_inner");
    int r = inner ? inner(argc) : -1;
    printf("dbg-mprog: %s\n", r == 2 ? "ok" : "WRONG");
    return r == 2 ? 0 : 1;
}
