/* libdla.so: needs libdlb.so */
#include <dlfcn.h>
#include "lt.h"
int dlb_func(int);
int dla_var = 42;
int dla_func(int x) { return dlb_func(x) + 1; }
static int __attribute__((noinline)) dla_static(int x) { return x * 3; }
int (*dla_static_ptr(void))(int) { return dla_static; }
const char *dla_whoami(void) { return "libdla"; }
/* dlsym(RTLD_DEFAULT) from inside this (RTLD_LOCAL) library: glibc looks in
 * the caller's scope, which includes the library's own local scope */
void *dla_default_lookup(const char *name)
{
    void *p = dlsym(RTLD_DEFAULT, name);
    __asm__ volatile("" ::: "memory"); /* no tail call: dlsym sees this caller */
    return p;
}
