/* dlopen of a library linked with -z execstack after a thread has exited:
 * its stack waits in libc's stack cache, and glibc makes the cached stacks
 * executable too (_dl_make_stacks_executable), so the next thread, which
 * gets that stack back, can run the library's trampoline. */
#include <dlfcn.h>
#include "es.h"

static int (*tramp)(int);

static void *idle(void *arg) { (void)arg; show_stack("thread before"); return 0; }

static void *thread_body(void *arg)
{
    (void)arg;
    show_stack("thread after");
    out("thread: trampoline %d\n", tramp(41));
    return 0;
}

int main(void)
{
    in_thread(idle);
    void *h = dlopen("libes-exec.so", RTLD_NOW);
    tramp = h ? (int (*)(int))dlsym(h, "es_tramp") : 0;
    if (!tramp) {
        out("dlopen: %s\n", dlerror());
        return 1;
    }
    show_stack("main");
    out("main: trampoline %d\n", tramp(1));
    in_thread(thread_body);
    return 0;
}
