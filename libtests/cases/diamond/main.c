#include "lt.h"
const char *who(void);
const char *who2(void);
const char *who_c(void);
const char *who2_c(void);
const char *a_via_c(void);
int dup_data_c(void);
extern int dup_data, c_only;
int main(void)
{
    out("who=%s who2=%s who_c=%s who2_c=%s a_via_c=%s\n", who(), who2(), who_c(), who2_c(), a_via_c());
    out("dup_data=%d dup_data_c=%d c_only=%d\n", dup_data, dup_data_c(), c_only);
    return 0;
}
