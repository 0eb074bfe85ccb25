#include "tlsmain.h"
void ld_report(const char *), ld_mutate(int);
MODS(M(ld_))
void extra(const char *who) { (void)who; }
