/* backtrace() (libc loads libgcc_s.so.1) and backtrace_symbols() (dladdr):
 * only function names of this program's frames are printed. */
#include "lt.h"
#include <execinfo.h>
#include <stdlib.h>

static void show(void)
{
    void *frames[32];
    int n = backtrace(frames, 32);
    char **s = backtrace_symbols(frames, n);
    if (!s)
        return;
    out("frames: %s\n", n >= 5 ? "enough" : "too few");
    for (int i = 0; i < n; i++) {
        /* "path(function+0x1f) [0x...]": keep "function" for our frames */
        const char *open = strchr(s[i], '('), *plus = open ? strchr(open, '+') : NULL;
        if (!open || !plus || plus == open + 1)
            continue;
        int len = (int)(plus - open - 1);
        if (strncmp(open + 1, "bt_", 3) == 0 || (len == 4 && strncmp(open + 1, "main", 4) == 0))
            out("  %.*s\n", len, open + 1);
        if (len == 4 && strncmp(open + 1, "main", 4) == 0)
            break;
    }
    free(s);
}
void __attribute__((noinline)) bt_three(int x) { if (x) show(); __asm__ volatile(""); }
void __attribute__((noinline)) bt_two(int x) { bt_three(x + 1); __asm__ volatile(""); }
void __attribute__((noinline)) bt_one(int x) { bt_two(x + 1); __asm__ volatile(""); }

int main(int argc, char **argv)
{
    (void)argv;
    bt_one(argc);
    return 0;
}
