#include "lt.h"
#define PFX exe_
#include "ptrs.h"
long relr_lib_check(void);
int *relr_lib_elem(int i);
extern int *lib_ptrs[];
int main(void)
{
    out("exe check: %ld\n", exe_check());
    out("lib check: %ld\n", relr_lib_check());
    CHECK(lib_ptrs[5] == relr_lib_elem(5));
    CHECK(*lib_ptrs[199] == 200);
    return 0;
}
