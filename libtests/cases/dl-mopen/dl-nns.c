/* glibc.rtld.nns sizes the static TLS surplus (glibc 2.36 elf/dl-tls.c:
   (nns - 1) * 144 + nns * 144 + optional + 144 bytes, nns at most 16): every
   new namespace loads another libc.so.6, whose initial-exec TLS comes out of
   that surplus.  The namespace count is not enforced by itself, only the
   16 of DL_NNS: how many dlmopen(LM_ID_NEWLM) succeed tells the surplus. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include "lt.h"

int main(void)
{
    int n = 0;
    for (; n < 20; n++) {
        if (!dlmopen(LM_ID_NEWLM, "libmo.so", RTLD_NOW)) {
            const char *e = dlerror();
            /* our loader's message says more than glibc's: name the cause only */
            out("%d namespaces opened, then: %s\n", n,
                strstr(e, "static TLS") ? "static TLS exhausted" :
                strstr(e, "no more namespaces") ? "no more namespaces" : e);
            return 0;
        }
    }
    out("%d namespaces opened\n", n);
    return 0;
}
