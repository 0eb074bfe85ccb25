#include <stdint.h>
#include "lt.h"
int lay_func(void);
int *lay_data_addr(void);
extern const char *lay_str;
extern const char __ehdr_start;
int main(void)
{
    out("lay_func=%d lay_str=%s\n", lay_func(), lay_str);
#ifdef BIGALIGN
    /* The library's segments have p_align 2 MiB: its base must honour it. */
    uintptr_t d = (uintptr_t)lay_data_addr();
    out("library data 2MiB-congruent with its link address: %s\n",
        (d & 0x1fffff) == (LIB_DATA_OFF & 0x1fffff) ? "yes" : "no");
#endif
    return 0;
}
