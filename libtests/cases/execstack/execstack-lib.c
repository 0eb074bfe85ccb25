/* Executable stacks at start-up (issue 6 item 6): a program with a
 * non-executable PT_GNU_STACK needs a library linked with -z execstack (or
 * with no PT_GNU_STACK at all, libes-none.so): loading it makes the main
 * stack executable, and _dl_stack_flags gets PF_X so pthread_create gives
 * new threads executable stacks too; the library's trampoline runs in both. */
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
