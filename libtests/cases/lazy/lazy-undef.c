/* Lazy binding: an unresolvable PLT slot that is never called is harmless
 * (with LD_BIND_NOW=1 the program must not start). */
#include "lt.h"
int lzu_ok(void);
void lzu_never(void);
int main(int argc, char **argv)
{
    (void)argv;
    out("lzu_ok = %d\n", lzu_ok());
    if (argc > 5)
        lzu_never();
    return 0;
}
