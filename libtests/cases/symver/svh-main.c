#include "lt.h"
int qux(void), baz(void), bar(void);
#ifdef VERSIONED
int bar_old(void);
__asm__(".symver bar_old, bar@SVH_1");
int zap_old(void);
__asm__(".symver zap_old, zap@SVH_1");
#else
int zap(void);
#endif
int main(void)
{
    out("qux=%d baz=%d bar=%d\n", qux(), baz(), bar());
#ifdef VERSIONED
    out("bar@SVH_1=%d zap@SVH_1=%d\n", bar_old(), zap_old());
#else
    out("zap=%d\n", zap());
#endif
    return 0;
}
