#define PFX gd2_
#define INITVAL 555
#include "tlsvars.h"
/* global-dynamic references to another library's TLS */
extern __thread int gd1_init;
extern __thread char gd1_str[12];
extern __thread long gd1_zero;
void gd2_cross(const char *who)
{
    out("  %-6s gd2 sees gd1: init=%d str=%s zero=%ld\n", who, gd1_init, gd1_str, gd1_zero);
}
