#include "lt.h"
/* a tiny TLS block: one byte */
__thread char al1_c = 'a';
void al1_report(const char *who) { out("  %-6s al1   c=%c\n", who, al1_c); }
void al1_mutate(int k) { al1_c += (char)(k % 20); }
