#include "lt.h"
int prot_lib_var(void);
const char *prot_lib_call(void);
void *prot_lib_func_addr(void);
int *prot_lib_var_addr(void);
#ifdef DUP
/* Same names defined in the executable: the library keeps its own. */
int prot_var = 100;
const char *prot_func(void) { return "exe"; }
#else
extern int prot_var;
const char *prot_func(void);
#endif
int main(void)
{
    out("exe: prot_var=%d prot_func=%s\n", prot_var, prot_func());
    out("lib: prot_var=%d prot_func=%s\n", prot_lib_var(), prot_lib_call());
#ifdef DUP
    CHECK(prot_lib_var_addr() != &prot_var);
#else
    CHECK(prot_lib_var_addr() == &prot_var);
    CHECK(prot_lib_func_addr() == (void *)prot_func);
    prot_var = 9;
    out("after write: lib sees %d\n", prot_lib_var());
#endif
    return 0;
}
