/* x86_64's signal set-up for LD_PROFILE's PC sampling (arch.h) */
#include <sys/syscall.h>
#include "ldso.h"
#include "syscall_arch.h"

/* the handler's return into the kernel (rt_sigreturn), encoded as glibc's
   __restore_rt so debuggers know a signal frame by it */
__asm__(".text\n"
	".type dl_sigreturn,@function\n"
	"dl_sigreturn:\n"
	"\tmovq $15, %rax\n"
	"\tsyscall\n"
	".size dl_sigreturn, .-dl_sigreturn\n");
HIDDEN void dl_sigreturn(void);

long arch_set_signal(int sig, void (*handler)(int, void *, void *))
{
	struct {	/* the kernel's struct sigaction */
		void (*handler)(int, void *, void *);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} act = { handler, 0x4 | 0x10000000 | 0x04000000, dl_sigreturn, ~0ULL };
	/* flags: SA_SIGINFO | SA_RESTART | SA_RESTORER; mask: every signal */
	return __syscall4(SYS_rt_sigaction, sig, (long)&act, 0, sizeof act.mask);
}
