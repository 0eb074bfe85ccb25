#include "tlsmain.h"
void gd1_report(const char *), gd1_mutate(int), gd2_report(const char *), gd2_mutate(int);
void gd2_cross(const char *);
extern __thread int gd1_init, gd2_init;
MODS(M(gd1_), M(gd2_))
void extra(const char *who)
{
    gd2_cross(who);
    out("  %-6s exe sees gd1_init=%d gd2_init=%d\n", who, gd1_init, gd2_init);
}
