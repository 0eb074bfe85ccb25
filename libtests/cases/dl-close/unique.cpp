// libcouniq.so: defines an STB_GNU_UNIQUE object (a function-local static in
// an inline function), which glibc makes NODELETE.
#include "lt.h"
inline int &counter() { static int c = 40; return c; }
extern "C" int couniq_fn() { return ++counter(); }
static struct D { ~D() { out("dtor couniq\n"); } } d;
