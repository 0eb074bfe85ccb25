/* libdbgns.so: dlmopened into a new namespace by dbg-mprog; it needs libc,
 * so that namespace holds it, a second libc.so.6 and the loader's proxy. */
#include <unistd.h>
int dbg_ns_counter;
int __attribute__((noinline)) dbg_ns_inner(int x)
{
    dbg_ns_counter += x + (getpid() > 0);
    __asm__ volatile("" ::: "memory");
    return dbg_ns_counter;
}
