/* One source for every library of the case: NAME says which it is.  Each
   defines common() (the filtee's wins: it comes first in the search list)
   and NAME_only(); own() calls common() through the PLT. */
#include "lt.h"
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
const char *common(void) { return NAME; }
const char *CAT(ID, _only)(void) { return NAME; }
const char *CAT(ID, _own)(void) { return common(); }
__attribute__((constructor)) static void ctor(void) { out("ctor %s\n", NAME); }
