/* Filters through dlopen: the filtee comes before the filter in the handle's
   search list (dlsym finds its definition), a missing auxiliary filtee is
   fine, a missing DT_FILTER filtee fails the dlopen with glibc's text. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <string.h>
#include "lt.h"

static int show(struct dl_phdr_info *info, size_t size, void *arg)
{
    const char *n = strrchr(info->dlpi_name, '/');
    n = n ? n + 1 : info->dlpi_name;
    if (!strncmp(n, "libf", 4) || !strncmp(n, "liba", 4))
        out(" %s", n);
    return 0;
}

static void sym(void *h, const char *name)
{
    const char *(*f)(void) = (const char *(*)(void))dlsym(h, name);
    out("  %s=%s\n", name, f ? f() : "(none)");
}

static void try_open(const char *file)
{
    void *h = dlopen(file, RTLD_NOW);
    out("dlopen %s: %s\n", file, h ? "ok" : dlerror());
    if (!h)
        return;
    sym(h, "common");
    sym(h, "filt_own");
    sym(h, "aux_only");
    struct link_map *lm;
    if (dlinfo(h, RTLD_DI_LINKMAP, &lm) == 0)
        out("  its name=%s\n", strrchr(lm->l_name, '/') + 1);
}

int main(void)
{
    try_open("libfiltmiss.so");
    try_open("libfilt.so");
    try_open("libauxmiss.so");
    try_open("libaux.so");
    void *h = dlopen("libfilt.so", RTLD_NOW | RTLD_NOLOAD);
    out("filtee loaded: %s\n", dlopen("libfee.so", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
    out("missing filtee left nothing: %s\n",
        dlopen("libfiltmiss.so", RTLD_NOW | RTLD_NOLOAD) ? "no" : "yes");
    (void)h;
    out("order:");
    dl_iterate_phdr(show, 0);
    out("\n");
    return 0;
}
