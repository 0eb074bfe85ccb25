#include "lt.h"
const char *hook(void) { return "exe"; }
int shared_val = 2;
int exe_only_data = 77;
const char *lib_calls_hook(void);
int lib_reads_shared(void);
void *lib_hook_addr(void);
extern int *lib_ptr_to_shared, *lib_ptr_to_exe;
extern int lib_only;
int main(void)
{
    out("hook=%s lib_calls_hook=%s\n", hook(), lib_calls_hook());
    out("shared_val=%d lib_reads_shared=%d lib_ptr_to_shared=%d lib_ptr_to_exe=%d lib_only=%d\n",
        shared_val, lib_reads_shared(), *lib_ptr_to_shared, *lib_ptr_to_exe, lib_only);
    SAME(lib_hook_addr() == (void *)hook);
    SAME(lib_ptr_to_shared == &shared_val);
    shared_val = 3;
    out("after write: lib_reads_shared=%d\n", lib_reads_shared());
    return 0;
}
