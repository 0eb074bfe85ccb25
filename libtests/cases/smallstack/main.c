/* Small stacks (issue 6, item 3): a thread with a PTHREAD_STACK_MIN (16 KiB)
 * stack dlopens a library by bare name (found through the search path),
 * calls into it (lazily bound), then ends with pthread_exit or is cancelled,
 * which makes libc dlopen libgcc_s.so.1 on that same stack for unwinding.
 * The stack is ours (pthread_attr_setstack) and painted, so the depth each
 * step used can be reported (LDT_STACK_REPORT=1, on stderr: it differs
 * between loaders, so it is not compared). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "lt.h"

#define STACK 16384	/* glibc 2.36's PTHREAD_STACK_MIN on x86_64 */
#define PAINT 0xa5

static unsigned char *lo, *hi;
static size_t used_open, used_noload, used_fail, used_lazy, used_call;
static int cancel;

static void __attribute__((noinline)) paint(void)
{
    unsigned char *sp = __builtin_frame_address(0);
    memset(lo, PAINT, (size_t)(sp - 256 - lo));
}

/* bytes below ref that something wrote */
static size_t used_below(unsigned char *ref)
{
    unsigned char *p = lo;
    while (p < ref && *p == PAINT)
        p++;
    return (size_t)(ref - p);
}

static void *thread(void *arg)
{
    unsigned char *ref = __builtin_frame_address(0);
    /* no cancellation before the end: the output must not depend on timing */
    pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, 0);
    paint();
    void *h = dlopen("libss-plug.so", RTLD_LAZY);
    used_open = used_below(ref);
    if (!h) {
        out("dlopen: %s\n", dlerror());
        return (void *)1;
    }
    /* libc's part of a dlopen, nearly alone: the object is loaded already */
    paint();
    void *again = dlopen("libss-plug.so", RTLD_LAZY | RTLD_NOLOAD);
    used_noload = used_below(ref);
    out("dlopen again (RTLD_NOLOAD): %s\n", again == h ? "same handle" : "other");
    if (again)
        dlclose(again);
    /* a failing search by bare name: every directory, then the error */
    paint();
    void *none = dlopen("libss-none.so", RTLD_LAZY);
    used_fail = used_below(ref);
    out("dlopen of a missing library: %s, dlerror: %s\n", none ? "handle" : "NULL",
        dlerror() ? "a message" : "none");
    int (*work)(int) = (int (*)(int))dlsym(h, "ss_work");
    int (*lazy)(void) = (int (*)(void))dlsym(h, "ss_lazy");
    if (!work || !lazy)
        return (void *)2;
    paint();
    int l = lazy();
    used_lazy = used_below(ref);
    out("ss_lazy() = %d\n", l);
    paint();
    int r = work(20);
    used_call = used_below(ref);
    out("ss_work(20) = %d\n", r);
    paint();	/* what pthread_exit or the cancellation uses shows at join */
    if (cancel) {
        pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, 0);
        for (;;)
            pthread_testcancel();
    }
    pthread_exit((void *)42);
}

int main(int argc, char **argv)
{
    cancel = argc > 1 && !strcmp(argv[1], "cancel");
    size_t guard = 4096;
    unsigned char *m = mmap(0, STACK + guard, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (m == MAP_FAILED)
        return 1;
    mprotect(m, guard, PROT_NONE);	/* overflowing crashes instead of corrupting */
    lo = m + guard;
    hi = lo + STACK;
    memset(lo, PAINT, STACK);
    pthread_attr_t a;
    pthread_attr_init(&a);
    if (pthread_attr_setstack(&a, lo, STACK)) {
        out("setstack failed\n");
        return 1;
    }
    pthread_t t;
    if (pthread_create(&t, &a, thread, 0)) {
        out("pthread_create failed\n");
        return 1;
    }
    if (cancel)
        pthread_cancel(t);
    void *res;
    pthread_join(t, &res);
    if (cancel)
        out("joined: %s\n", res == PTHREAD_CANCELED ? "cancelled" : "not cancelled");
    else
        out("joined: %ld\n", (long)res);
    /* the unwinder came from libgcc_s, loaded by libc on the thread's stack */
    out("libgcc_s loaded: %s\n", dlopen("libgcc_s.so.1", RTLD_NOLOAD | RTLD_LAZY) ? "yes" : "no");
    if (getenv("LDT_STACK_REPORT")) {
        size_t total = used_below(hi);
        fprintf(stderr, "stack used below the thread function: dlopen %zu (loaded already: %zu; "
                "missing: %zu), a lazy PLT call %zu, snprintf through lazy PLT %zu; "
                "whole thread incl. TCB/TLS and exit: %zu of %d\n",
                used_open, used_noload, used_fail, used_lazy, used_call, total, STACK);
    }
    return 0;
}
