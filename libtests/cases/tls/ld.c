/* local-dynamic: only module-local TLS */
#include "lt.h"
static __thread int ld_a = 41;
static __thread int ld_b;
static __thread char ld_s[8] = "ld-str";
static __thread long ld_al __attribute__((aligned(64))) = 9;
void ld_report(const char *who)
{
    out("  %-6s ld    a=%d b=%d s=%s al=%ld aligned64=%d\n", who, ld_a, ld_b, ld_s, ld_al, ALIGNED(&ld_al, 64));
}
void ld_mutate(int k) { ld_a += k; ld_b += k; ld_s[0] = 'L'; ld_al += k; }
