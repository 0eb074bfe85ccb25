/* Exit pins every object (glibc elf/dl-fini.c raises each l_direct_opencount
 * before the first destructor and lowers it after that object's destructor):
 * destructors that dlclose handles, their own library's included, unload
 * nothing still running or still waiting for its destructor.  An atexit
 * handler runs before _dl_fini, so its dlclose really unloads.  The program's
 * own destructor closes a handle too.  Output and status are glibc's. */
#include "lt.h"
#include <dlfcn.h>
#include <stdlib.h>

static void *a, *b, *b2, *c, *d, *e;

static void *open1(const char *name)
{
    void *h = dlopen(name, RTLD_LAZY);
    if (!h) {
        out("dlopen %s: %s\n", name, dlerror());
        exit(1);
    }
    return h;
}

static void set(void *plugin, void *h)
{
    ((void (*)(void *))dlsym(plugin, "set_close"))(h);
}

static void at_exit(void)
{
    out("atexit: dlclose(d) = %d\n", dlclose(d));
    void *still = dlopen("libfpd.so", RTLD_LAZY | RTLD_NOLOAD);
    out("atexit: d still loaded: %s\n", still ? "yes" : "no");
}

__attribute__((destructor)) static void main_dtor(void)
{
    out("main dtor: dlclose(c) = %d\n", dlclose(c));
}

int main(int argc, char **argv)
{
    e = open1("libfpe.so");
    a = open1("libfpa.so");
    b = open1("libfpb.so");
    b2 = open1("libfpb.so");
    c = open1("libfpc.so");
    d = open1("libfpd.so");
    atexit(at_exit);
    /* each handle is closed once (glibc pins with one count only) */
    set(a, a);		/* its only handle */
    set(a, b);		/* a plugin whose destructor runs later */
    set(b, e);		/* a plugin whose destructor ran already: unloaded */
    set(b, b2);		/* its own last handle */
    out("calls: %d %d\n", ((int (*)(void))dlsym(a, "plug_fn"))(),
        ((int (*)(void))dlsym(b, "plug_fn"))());
    if (argc > 1)
        exit(atoi(argv[1]));
    return 3;
}
