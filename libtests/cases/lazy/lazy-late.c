/* A lazily bound PLT slot is looked up at the first call, in the scope of
 * that moment: a definition dlopened (RTLD_GLOBAL) after the caller counts. */
#include "dlt.h"

int main(void)
{
    void *a = dlopen("liblzlate.so", RTLD_LAZY);
    out("liblzlate.so RTLD_LAZY: %s\n", a ? "loaded" : "refused");
    if (!a) {
        dlt_err("RTLD_LAZY", "late_fn");
        return 0;
    }
    int (*ok)(void) = (int (*)(void))dlsym(a, "late_ok");
    out("late_ok = %d\n", ok ? ok() : -1);
    void *b = dlopen("liblzlatedef.so", RTLD_NOW | RTLD_GLOBAL);
    CHECK(b != NULL);
    int (*call)(int) = (int (*)(int))dlsym(a, "late_call");
    out("late_call(4) = %d\n", call ? call(4) : -1);
    out("late_call(5) = %d\n", call ? call(5) : -1);
    return 0;
}
