#include "tlsmain.h"
void al1_report(const char *), al1_mutate(int), al2_report(const char *), al2_mutate(int);
__thread char exe_c = 'e';
__thread int exe_64 __attribute__((aligned(64))) = 640;
__thread long exe_bss128 __attribute__((aligned(128)));
static void exe_report(const char *who)
{
    out("  %-6s exe   c=%c v64=%d bss128=%ld aligned: %d %d\n", who, exe_c, exe_64, exe_bss128,
        ALIGNED(&exe_64, 64), ALIGNED(&exe_bss128, 128));
}
static void exe_mutate(int k) { exe_c = 'E'; exe_64 += k; exe_bss128 += k; }
MODS(M(al1_), M(al2_), M(exe_))
void extra(const char *who) { (void)who; }
