/* lib number N of a chain: libmany-N needs libmany-(N+1) */
#include "lt.h"
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
int CAT(many_, NEXT)(int);
int CAT(many_, N)(int depth)
{
#if NEXT < COUNT
    return depth + CAT(many_, NEXT)(depth + 1);
#else
    return depth;
#endif
}
int many_common = N;          /* defined by every library: the first wins */
__attribute__((constructor)) static void ctor(void) { out("ctor %d\n", N); }
__attribute__((destructor)) static void dtor(void) { out("dtor %d\n", N); }
