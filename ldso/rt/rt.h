/* The loader's own tiny runtime: system calls, strings, formatted output, memory. */
#ifndef RT_H
#define RT_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>
#include <elf.h>

/* ELF constants newer than musl 1.2.3's <elf.h> */
#ifndef DT_RELR
#define DT_RELRSZ	35
#define DT_RELR		36
#define DT_RELRENT	37
#endif

struct stat;
struct statfs;

#define HIDDEN __attribute__((visibility("hidden")))
#define EXPORT __attribute__((visibility("default"), used))
/* zero-initialised data that start-up rarely writes: kept out of .bss (in
   .lbss, after it) so the globals start-up does write share fewer pages */
#define COLD_BSS __attribute__((section(".lbss")))

/* system calls: return -errno on failure */
long sys_open(const char *path, int flags);
long sys_open_mode(const char *path, int flags, int mode);	/* no O_CLOEXEC added */
long sys_ftruncate(int fd, off_t len);
long sys_close(int fd);
long sys_pread(int fd, void *buf, size_t n, off_t off);
long sys_write(int fd, const void *buf, size_t n);
long sys_fstat(int fd, struct stat *st);
long sys_fstatfs(int fd, struct statfs *sf);
void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
long sys_munmap(void *addr, size_t len);
long sys_mprotect(void *addr, size_t len, int prot);
long sys_madvise(void *addr, size_t len, int advice);
long sys_getcwd(char *buf, size_t n);
long sys_readlink(const char *path, char *buf, size_t n);
long sys_set_tid_address(int *tidptr);
long sys_set_robust_list(void *head, size_t len);
long sys_rseq(void *area, uint32_t len, int flags, uint32_t sig);
long sys_futex(int *addr, int op, int val);
long sys_getpid(void);
long sys_getrusage(int who, void *ru);		/* struct rusage */
long sys_clock_gettime(int clock, void *ts);	/* struct timespec */
long sys_openat(int dirfd, const char *path, int flags, int mode);
long sys_stat(const char *path, struct stat *st);
long sys_mkdir(const char *path, int mode);
long sys_renameat(int dirfd, const char *from, const char *to);
long sys_unlinkat(int dirfd, const char *path);
long sys_getdents64(int fd, void *buf, size_t n);
long sys_uname(void *buf);	/* struct utsname */
long sys_setitimer(int which, const void *value, void *old);	/* struct itimerval */
_Noreturn void sys_exit(int status);
static inline int sys_failed(long r) { return (unsigned long)r > -4096UL; }
static inline int mmap_failed(void *p) { return (uintptr_t)p > -4096UL; }

/* strings; names the compiler may emit calls to are real functions */
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
HIDDEN size_t str_len_max(const char *s, size_t max);
HIDDEN char *str_dup(const char *s);
HIDDEN char *str_ndup(const char *s, size_t n);

/* formatted output: %s %c %d %i %u %x %lu %ld %lx %zu %zx %p, and %.*s */
HIDDEN int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
HIDDEN int rt_snprintf(char *buf, size_t size, const char *fmt, ...);
HIDDEN void rt_dprintf(int fd, const char *fmt, ...);
HIDDEN void rt_vdprintf(int fd, const char *fmt, va_list ap);
HIDDEN void rt_dprintf_lines(int fd, const char *prefix, const char *fmt, ...);
HIDDEN const char *errno_text(long err);

/* memory: the loader's own heap at start-up, libc's malloc family once
   rt_alloc_use names it; every block goes back to the allocator that made it */
HIDDEN void *rt_alloc(size_t n);
HIDDEN void *rt_calloc(size_t n, size_t m);
HIDDEN void rt_free(void *p);
HIDDEN void *rt_realloc(void *p, size_t n);
HIDDEN void rt_alloc_use(void *(*m)(size_t), void *(*c)(size_t, size_t), void *(*r)(void *, size_t),
			 void (*f)(void *));
HIDDEN void rt_alloc_prefault(void);	/* start-up: the pages every start writes, at once */
HIDDEN int rt_alloc_is_libc(void);	/* rt_alloc_use gave allocation to libc */
struct scratch_mark { size_t top; void *spills; };
HIDDEN void *scratch_get(size_t n);
HIDDEN void scratch_put(void *p);
HIDDEN struct scratch_mark scratch_mark(void);
HIDDEN void scratch_release(struct scratch_mark m);

#define ALIGN_UP(x, a)   (((x) + ((a) - 1)) & ~((uintptr_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uintptr_t)(a) - 1))

#endif
