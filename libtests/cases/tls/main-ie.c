#include "tlsmain.h"
void ie_report(const char *), ie_mutate(int);
extern __thread int ie_init;
extern __thread char ie_str[12];
MODS(M(ie_))
void extra(const char *who) { out("  %-6s exe sees ie_init=%d ie_str=%s\n", who, ie_init, ie_str); }
