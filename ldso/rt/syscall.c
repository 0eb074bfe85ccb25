/* System call wrappers over arch/…/syscall_arch.h. */
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <fcntl.h>
#include "rt.h"
#include "syscall_arch.h"

long sys_open(const char *path, int flags)
{
	return __syscall4(SYS_openat, AT_FDCWD, (long)path, flags | O_CLOEXEC, 0);
}

long sys_open_mode(const char *path, int flags, int mode)
{
	return __syscall4(SYS_openat, AT_FDCWD, (long)path, flags, mode);
}

long sys_uname(void *buf) { return __syscall1(SYS_uname, (long)buf); }

long sys_ftruncate(int fd, off_t len) { return __syscall2(SYS_ftruncate, fd, len); }

long sys_close(int fd) { return __syscall1(SYS_close, fd); }

long sys_pread(int fd, void *buf, size_t n, off_t off)
{
	return __syscall4(SYS_pread64, fd, (long)buf, n, off);
}

long sys_write(int fd, const void *buf, size_t n)
{
	return __syscall3(SYS_write, fd, (long)buf, n);
}

long sys_fstat(int fd, struct stat *st)
{
	return __syscall2(SYS_fstat, fd, (long)st);
}

long sys_fstatfs(int fd, struct statfs *sf)
{
	return __syscall2(SYS_fstatfs, fd, (long)sf);
}

void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	return (void *)__syscall6(SYS_mmap, (long)addr, len, prot, flags, fd, off);
}

long sys_munmap(void *addr, size_t len) { return __syscall2(SYS_munmap, (long)addr, len); }

long sys_mprotect(void *addr, size_t len, int prot)
{
	return __syscall3(SYS_mprotect, (long)addr, len, prot);
}

long sys_madvise(void *addr, size_t len, int advice)
{
	return __syscall3(SYS_madvise, (long)addr, len, advice);
}

long sys_getcwd(char *buf, size_t n) { return __syscall2(SYS_getcwd, (long)buf, n); }

long sys_readlink(const char *path, char *buf, size_t n)
{
	return __syscall4(SYS_readlinkat, AT_FDCWD, (long)path, (long)buf, n);
}

long sys_set_tid_address(int *tidptr) { return __syscall1(SYS_set_tid_address, (long)tidptr); }

long sys_set_robust_list(void *head, size_t len)
{
	return __syscall2(SYS_set_robust_list, (long)head, len);
}

long sys_rseq(void *area, uint32_t len, int flags, uint32_t sig)
{
	return __syscall4(SYS_rseq, (long)area, len, flags, sig);
}

long sys_setitimer(int which, const void *value, void *old)
{
	return __syscall3(SYS_setitimer, which, (long)value, (long)old);
}

_Noreturn void sys_exit(int status)
{
	for (;;)
		__syscall1(SYS_exit_group, status);
}

long sys_futex(int *addr, int op, int val)
{
	return __syscall4(SYS_futex, (long)addr, op, val, 0);
}

long sys_getpid(void) { return __syscall0(SYS_getpid); }

/* every system call made through syscall_arch.h (the timeline's count) */
unsigned long rt_syscalls;

long sys_getrusage(int who, void *ru) { return __syscall2(SYS_getrusage, who, (long)ru); }

long sys_clock_gettime(int clock, void *ts)
{
	return __syscall2(SYS_clock_gettime, clock, (long)ts);
}

long sys_openat(int dirfd, const char *path, int flags, int mode)
{
	return __syscall4(SYS_openat, dirfd, (long)path, flags | O_CLOEXEC, mode);
}

long sys_stat(const char *path, struct stat *st)
{
	return __syscall4(SYS_newfstatat, AT_FDCWD, (long)path, (long)st, 0);
}

long sys_mkdir(const char *path, int mode)
{
	return __syscall3(SYS_mkdirat, AT_FDCWD, (long)path, mode);
}

long sys_renameat(int dirfd, const char *from, const char *to)
{
	return __syscall4(SYS_renameat, dirfd, (long)from, dirfd, (long)to);
}

long sys_unlinkat(int dirfd, const char *path)
{
	return __syscall3(SYS_unlinkat, dirfd, (long)path, 0);
}

long sys_getdents64(int fd, void *buf, size_t n)
{
	return __syscall3(SYS_getdents64, fd, (long)buf, n);
}
