/* Executable stacks at start-up (issue 6 item 6): a program linked with
 * -z execstack calls a nested-function trampoline on its stack, in the main
 * thread and in a new one.  As PT_INTERP the kernel honoured its
 * PT_GNU_STACK; in the command form the kernel used the loader's, so the
 * loader must make the stack executable (glibc _dl_map_object_from_fd). */
#include "es.h"
int es_tramp(int k);

static void *thread_body(void *arg)
{
    (void)arg;
    show_stack("thread");
    out("thread: trampoline %d\n", es_tramp(41));
    return 0;
}

int main(void)
{
    show_stack("main");
    out("main: trampoline %d\n", es_tramp(1));
    in_thread(thread_body);
    return 0;
}
