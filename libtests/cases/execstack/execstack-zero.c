/* A PT_GNU_STACK with p_flags = 0 (patched at build time, in this program,
 * in libes-zero.so and in the dlopen'ed libes-zerod.so) does not ask for an
 * executable stack: glibc tests PF_X only.  Stacks stay non-executable in
 * the main thread and in new ones. */
#include <dlfcn.h>
#include "es.h"
int es_plain(int k);

static void *thread_body(void *arg)
{
    (void)arg;
    show_stack("thread");
    return 0;
}

int main(void)
{
    show_stack("main");
    out("main: plain %d\n", es_plain(1));
    in_thread(thread_body);
    void *h = dlopen("libes-zerod.so", RTLD_NOW);
    out("dlopen libes-zerod.so: %s\n", h ? "ok" : dlerror());
    show_stack("main after dlopen");
    in_thread(thread_body);
    return 0;
}
