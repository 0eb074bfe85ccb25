/* libdlnx1.so / libdlnx2.so / libdlnx3.so: the same function in each, each
 * forwarding to the next definition (RTLD_NEXT); the last finds none. */
#include <dlfcn.h>
#include <stdio.h>
const char *nx_name(void)
{
    static char buf[64];
    const char *(*next)(void) = (const char *(*)(void))dlsym(RTLD_NEXT, "nx_name");
    snprintf(buf, sizeof buf, "%s>%s", NXID, next ? next() : "(none)");
    return buf;
}
