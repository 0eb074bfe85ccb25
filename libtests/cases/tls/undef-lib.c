/* TLS the program refers to by name: its relocations here (DTPMOD64 and
   DTPOFF64, or TPOFF64 with initial-exec) name the symbol, and the program's
   own undefined entry for it comes first in the lookup scope */
#include "lt.h"
__thread int undef_var = 5;
__thread char undef_str[8] = "lib";
void undef_report(const char *who)
{
    out("%s: lib sees undef_var=%d undef_str=%s\n", who, undef_var, undef_str);
}
