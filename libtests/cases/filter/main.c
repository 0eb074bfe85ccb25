/* Filters at start-up: DT_FILTER's filtee is required and its definitions
   win (it goes before the filter in the global search list), DT_AUXILIARY's
   may be missing.  The load order (dl_iterate_phdr) shows where each went. */
#define _GNU_SOURCE
#include <link.h>
#include <string.h>
#include "lt.h"
const char *common(void);
const char *filt_only(void);
const char *filt_own(void);
const char *aux_only(void);
const char *auxmiss_only(void);
const char *fee_only(void);

static int show(struct dl_phdr_info *info, size_t size, void *arg)
{
    const char *n = strrchr(info->dlpi_name, '/');
    n = n ? n + 1 : info->dlpi_name;
    if (!strncmp(n, "libf", 4) || !strncmp(n, "liba", 4))
        out(" %s", n);
    return 0;
}

int main(void)
{
    out("common=%s filt_only=%s filt_own=%s aux_only=%s auxmiss_only=%s\n", common(),
        filt_only(), filt_own(), aux_only(), auxmiss_only());
#ifdef LATE
    out("fee_only=%s\n", fee_only());
#endif
    out("order:");
    dl_iterate_phdr(show, 0);
    out("\n");
    return 0;
}
