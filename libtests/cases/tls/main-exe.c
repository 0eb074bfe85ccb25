#include "tlsmain.h"
void exe_report(const char *), exe_mutate(int), ex2_report(const char *), ex2_mutate(int);
extern __thread int ex2_init;     /* initial-exec from the other TU */
extern __thread int exe_init;
MODS(M(exe_), M(ex2_))
void extra(const char *who) { out("  %-6s cross-TU: ex2_init=%d exe_init=%d\n", who, ex2_init, exe_init); }
