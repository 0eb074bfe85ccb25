/* No libc at all: _start makes raw system calls.  Optionally uses a
 * libc-free shared library. */
#ifdef WITH_LIB
int nolibc_lib_value(void);
#endif
static long sys3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
static const char msg[] = "hello from a program without libc\n";
static const char *const msgp = msg;     /* needs a relative relocation */
void _start(void)
{
    int status = 5;
    sys3(1, 1, (long)msgp, sizeof msg - 1);
#ifdef WITH_LIB
    status = nolibc_lib_value();
#endif
    sys3(60, status, 0, 0);
    for (;;)
        ;
}
