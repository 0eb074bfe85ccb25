/* libouter.so: its IFUNC resolver dlopens libinner.so (tools/nested-dlopen.sh) */
#include <dlfcn.h>
#include <stdio.h>
static int impl(void) { return 42; }
static void *handle;
static int (*resolve_f(void))(void) { handle = dlopen("libinner.so", RTLD_NOW); return impl; }
int f(void) __attribute__((ifunc("resolve_f")));
__attribute__((constructor)) static void co(void) { printf("outer ctor, inner %s\n", handle ? "loaded" : "missing"); fflush(stdout); }
int outer_call(void) { return f(); }
