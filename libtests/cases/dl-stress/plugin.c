/* plugin N of the stress case: needs helpers A and B */
#include <stdint.h>
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
uint32_t CAT(st_h, A)(uint32_t x);
uint32_t CAT(st_h, B)(uint32_t x);
uint32_t st_plugin(uint32_t x)
{
    return N * 1000003u + (CAT(st_h, A)(x) ^ CAT(st_h, B)(x + N));
}
