/* libdbgplug.so: dlopened by dbg-prog; a debugger stops in here. */
#include <stdio.h>
int dbg_plugin_counter;
int __attribute__((noinline)) dbg_plugin_inner(int x)
{
    dbg_plugin_counter += x;
    __asm__ volatile("" ::: "memory");
    return dbg_plugin_counter * 2;
}
int __attribute__((noinline)) dbg_plugin_entry(int x)
{
    int r = dbg_plugin_inner(x + 1);
    __asm__ volatile("" ::: "memory");
    return r + 1;
}
