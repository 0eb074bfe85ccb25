/* Helpers shared by the dl-* cases: address-free reporting of dlerror(),
 * basenames, and dl_iterate_phdr listings. */
#ifndef DLT_H
#define DLT_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include "lt.h"

/* The loader's own entry is called ld-linux-x86-64.so.2 by glibc and may be
 * called ld-custom.so by us; everything else is the file's basename. */
static inline const char *
dlt_base(const char *p)
{
    if (p == NULL)
        return "(null)";
    const char *s = strrchr(p, '/');
    s = s ? s + 1 : p;
    if (strncmp(s, "ld-linux", 8) == 0 || strncmp(s, "ld-custom", 9) == 0)
        return "LDSO";
    if (*s == '\0')
        return "(main)";
    return s;
}

/* Report dlerror() without its wording: our messages may differ from
 * glibc's, but must exist and name the object/symbol in question. */
static inline void
dlt_err(const char *what, const char *mention)
{
    const char *e = dlerror();
    if (e == NULL)
        out("%s: dlerror NULL\n", what);
    else if (mention == NULL)
        out("%s: dlerror set\n", what);
    else
        out("%s: dlerror set, %s %s\n", what,
            strstr(e, mention) ? "mentions" : "DOES NOT MENTION", mention);
}

struct dlt_list {
    int n;
    char names[64][64];
    unsigned long long adds, subs;
};
static int
dlt_cb(struct dl_phdr_info *i, size_t sz, void *d)
{
    struct dlt_list *l = (struct dlt_list *)d;
    (void)sz;
    if (l->n < 64)
        snprintf(l->names[l->n], sizeof l->names[0], "%s", dlt_base(i->dlpi_name));
    l->n++;
    l->adds = i->dlpi_adds;
    l->subs = i->dlpi_subs;
    return 0;
}
static inline struct dlt_list
dlt_objects(void)
{
    struct dlt_list l;
    memset(&l, 0, sizeof l);
    dl_iterate_phdr(dlt_cb, &l);
    return l;
}
/* Is an object with this basename in the dl_iterate_phdr list? */
static inline int
dlt_loaded(const char *base)
{
    struct dlt_list l = dlt_objects();
    for (int i = 0; i < l.n && i < 64; i++)
        if (strcmp(l.names[i], base) == 0)
            return 1;
    return 0;
}
static inline void
dlt_print_objects(const char *tag)
{
    struct dlt_list l = dlt_objects();
    out("%s: %d objects:", tag, l.n);
    for (int i = 0; i < l.n && i < 64; i++)
        out(" %s", l.names[i]);
    out("\n");
}
#endif
