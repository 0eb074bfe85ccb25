#include "lt.h"
/* TLS initialized with addresses: the .tdata image itself is relocated. */
int ptr_target = 31;
static int ptr_static_target[3] = { 1, 2, 3 };
static int ptr_fn(int x) { return x * 10; }
extern int exe_target;
__thread int *tp_global = &ptr_target;
__thread int *tp_static = &ptr_static_target[2];
__thread const char *tp_str = "tls string literal";
__thread int (*tp_fn)(int) = ptr_fn;
__thread int *tp_exe = &exe_target;
void ptr_report(const char *who)
{
    out("  %-6s ptr   global=%d static=%d str=%s fn=%d exe=%d\n", who, *tp_global, *tp_static, tp_str,
        tp_fn(4), *tp_exe);
}
void ptr_mutate(int k) { tp_global = &ptr_static_target[0]; tp_str = "changed"; (void)k; }
