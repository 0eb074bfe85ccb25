#include "lt.h"
const char *lib_ifn(void);
const char *lib_call_ifn(void);
void *lib_ifn_addr(void);
int lib_use_local(int);
extern const char *(*lib_ifn_ptr)(void);
const char *lib_call_exe_ifn(void);

#ifdef EXE_IFUNC
static volatile int exe_selector = 1;
static const char *eimpl1(void) { return "exe impl1"; }
static const char *eimpl2(void) { return "exe impl2"; }
static const char *(*resolve_exe_ifn(void))(void) { return exe_selector == 1 ? eimpl1 : eimpl2; }
const char *exe_ifn(void) __attribute__((ifunc("resolve_exe_ifn")));
static int mul2(int x) { return x * 2; }
static int mul3(int x) { return x * 3; }
static int (*resolve_exe_local(void))(int) { return exe_selector == 1 ? mul3 : mul2; }
static int exe_local_ifn(int) __attribute__((ifunc("resolve_exe_local")));
static int (*exe_local_ptr)(int) = exe_local_ifn;
#else
const char *exe_ifn(void) { return "exe plain"; }
#endif

int main(void)
{
    out("lib_ifn=%s lib_call_ifn=%s lib_ifn_ptr=%s local=%d\n", lib_ifn(), lib_call_ifn(),
        lib_ifn_ptr(), lib_use_local(40));
    CHECK(lib_ifn_addr() == (void *)lib_ifn);
    CHECK(lib_ifn_ptr == lib_ifn);
    out("exe_ifn=%s lib_call_exe_ifn=%s\n", exe_ifn(), lib_call_exe_ifn());
#ifdef EXE_IFUNC
    out("exe_local_ifn(7)=%d via ptr=%d\n", exe_local_ifn(7), exe_local_ptr(7));
#endif
    return 0;
}
