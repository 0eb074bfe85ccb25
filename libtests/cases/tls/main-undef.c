/* Built with a SysV hash table only, so the program's undefined TLS symbols
   are in its hash chains: TLS relocations look up in glibc's PLT class
   (elf_machine_type_class), which never binds to an undefined symbol. */
#include "lt.h"
extern __thread int undef_var;
extern __thread char undef_str[8];
void undef_report(const char *);
int main(void)
{
    undef_report("start");
    undef_var = 7;
    undef_str[0] = 'L';
    undef_report("after");
    out("exe sees undef_var=%d undef_str=%s\n", undef_var, undef_str);
    return 0;
}
