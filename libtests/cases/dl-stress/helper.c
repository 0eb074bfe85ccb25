/* helper K of the stress case: a pure function; helpers 1, 3 and 4 call a
 * lower one through a lazily bound PLT slot */
#include <stdint.h>
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#ifdef DEP
uint32_t CAT(st_h, DEP)(uint32_t x);
#endif
uint32_t CAT(st_h, K)(uint32_t x)
{
    x = x * 2654435761u + K * 97u;
#ifdef DEP
    x ^= CAT(st_h, DEP)(x >> 3);
#endif
    return x ^ (x >> 13);
}
