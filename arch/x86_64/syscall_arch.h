/* Raw x86_64 Linux system calls: the loader has no libc to call. */
#ifndef SYSCALL_ARCH_H
#define SYSCALL_ARCH_H

/* counted for the timeline (ldso/timeline.c): one add, no branch */
extern __attribute__((visibility("hidden"))) unsigned long rt_syscalls;

static inline long __syscall0(long n)
{
	rt_syscalls++;
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n) : "rcx", "r11", "memory");
	return r;
}

static inline long __syscall1(long n, long a)
{
	rt_syscalls++;
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a) : "rcx", "r11", "memory");
	return r;
}

static inline long __syscall2(long n, long a, long b)
{
	rt_syscalls++;
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long __syscall3(long n, long a, long b, long c)
{
	rt_syscalls++;
	long r;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
	rt_syscalls++;
	long r;
	register long r10 __asm__("r10") = d;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			  : "rcx", "r11", "memory");
	return r;
}

static inline long __syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	rt_syscalls++;
	long r;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	__asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10),
			  "r"(r8), "r"(r9) : "rcx", "r11", "memory");
	return r;
}

#endif
