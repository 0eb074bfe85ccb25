/* libsti-*.so: initial-exec TLS (.tdata and .tbss) in a dlopen'ed library.
 * sti_check says whether this thread's block holds a fresh image; sti_dirty
 * scribbles over it, so a block handed out again must be re-initialised. */
#define ALIGNED_(n) __attribute__((tls_model("initial-exec"), aligned(n)))
__thread long sti_init ALIGNED_(ALIGN) = INITVAL;
__thread unsigned char sti_bss[SIZE] ALIGNED_(8);

int sti_check(void)
{
    if (sti_init != INITVAL)
        return 0;
    for (int i = 0; i < SIZE; i++)
        if (sti_bss[i])
            return 0;
    return 1;
}

void sti_dirty(void)
{
    sti_init = -1;
    for (int i = 0; i < SIZE; i++)
        sti_bss[i] = 0xff;
}

/* where the block is, as an offset from the thread pointer: rounds must
 * not keep moving it down (that is the leak) */
long sti_tpoff(void)
{
    long tp;
    __asm__ ("mov %%fs:0,%0" : "=r"(tp));
    return (long)&sti_init - tp;
}

/* needs libc.so.6: a dlmopen namespace gets its own copy, with its own
 * initial-exec TLS */
#include <unistd.h>
int sti_pid(void) { return getpid() > 0; }
