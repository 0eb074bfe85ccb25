#include "lt.h"
const char *sa_name(void);
const char *sa_chain(void);
int main(void)
{
    out("%s -> %s\n", sa_name(), sa_chain());
    return 0;
}
