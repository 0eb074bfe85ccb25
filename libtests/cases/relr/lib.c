#define PFX lib_
#include "ptrs.h"
long relr_lib_check(void) { return lib_check(); }
int *relr_lib_elem(int i) { return lib_ptrs[i]; }
