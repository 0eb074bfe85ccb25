#include "lt.h"
/* strongly aligned TLS, in .tdata and .tbss */
__thread char al2_pad = 'p';
__thread int al2_64 __attribute__((aligned(64))) = 64;
__thread int al2_256 __attribute__((aligned(256))) = 256;
__thread long al2_bss64 __attribute__((aligned(64)));
void al2_report(const char *who)
{
    out("  %-6s al2   pad=%c v64=%d v256=%d bss64=%ld aligned: %d %d %d\n", who, al2_pad, al2_64,
        al2_256, al2_bss64, ALIGNED(&al2_64, 64), ALIGNED(&al2_256, 256), ALIGNED(&al2_bss64, 64));
}
void al2_mutate(int k) { al2_pad = 'P'; al2_64 += k; al2_256 += k; al2_bss64 += k; }
