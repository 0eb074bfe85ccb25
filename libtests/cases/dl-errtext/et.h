/* dlerror() text printed verbatim, with the two parts that differ between
 * the three ways a program is started replaced by words: the directory the
 * programs run in and live in (OUT; "$ORIGIN" is "$OUT/." in the command
 * form, under glibc too) and argv[0] (ARGV0; "./prog" or "./prog.interp"). */
#ifndef ET_H
#define ET_H
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdlib.h>
#include "lt.h"

static char et_dir[PATH_MAX], et_argv0[PATH_MAX];

/* the programs run in their own directory ($OUT); /proc/self/exe would be
   the loader in the command form */
static void et_init(const char *argv0)
{
    if (!getcwd(et_dir, sizeof et_dir))
        et_dir[0] = 0;
    snprintf(et_argv0, sizeof et_argv0, "%s", argv0);
}

/* replace FROM by TO in s, in place (s has room to grow) */
static void et_subst(char *s, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to);
    char *p = s;
    if (!fl)
        return;
    while ((p = strstr(p, from))) {
        memmove(p + tl, p + fl, strlen(p + fl) + 1);
        memcpy(p, to, tl);
        p += tl;
    }
}

static void et_err(const char *what)
{
    const char *e = dlerror();
    char buf[8192];
    if (!e) {
        out("%s: no error\n", what);
        return;
    }
    snprintf(buf, sizeof buf, "%s", e);
    et_subst(buf, "/./", "/");
    et_subst(buf, et_dir, "OUT");
    /* argv[0] only where a message names the program: at the start */
    size_t al = strlen(et_argv0);
    if (al && !strncmp(buf, et_argv0, al) && buf[al] == ':')
        out("%s: ARGV0%s\n", what, buf + al);
    else
        out("%s: %s\n", what, buf);
}

static int et_count_cb(struct dl_phdr_info *i, size_t sz, void *d)
{
    (void)i, (void)sz;
    ++*(int *)d;
    return 0;
}

static int et_objects(void)
{
    int n = 0;
    dl_iterate_phdr(et_count_cb, &n);
    return n;
}
#endif
