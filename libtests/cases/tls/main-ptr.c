#include "tlsmain.h"
void ptr_report(const char *), ptr_mutate(int);
int exe_target = 77;
extern int ptr_target;
static int exe_local = 5;
__thread int *etp_exe = &exe_target;
__thread int *etp_local = &exe_local;
__thread const char *etp_str = "exe tls literal";
static void exe_report(const char *who)
{
    out("  %-6s exe   exe=%d local=%d str=%s\n", who, *etp_exe, *etp_local, etp_str);
}
static void exe_mutate(int k) { etp_str = "exe changed"; (void)k; }
MODS(M(ptr_), M(exe_))
void extra(const char *who) { (void)who; }
