/* Tiny helpers shared by the libtests corpus.  out() writes straight to fd 1
 * (no stdio buffering), so output produced before a crash is visible and the
 * order of lines printed from constructors/destructors is exact.
 * Never print raw addresses: stdout must be identical under every loader. */
#ifndef LT_H
#define LT_H
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static inline void __attribute__((format(printf, 1, 2), unused))
out(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof buf - 1)
        n = sizeof buf - 1;
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(1, p, (size_t)n);
        if (w <= 0)
            break;
        p += w;
        n -= (int)w;
    }
}

/* CHECK(cond): prints "<cond text>: ok" or "...: FAIL". */
#define CHECK(c) out("%s: %s\n", #c, (c) ? "ok" : "FAIL")
/* SAME(cond): neutral yes/no observation (either answer may be right). */
#define SAME(c) out("%s: %s\n", #c, (c) ? "yes" : "no")
#define ALIGNED(p, a) ((((uintptr_t)(p)) & ((a) - 1)) == 0)

#endif
