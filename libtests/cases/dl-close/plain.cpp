// libcoplain.so: C++ without unique symbols (control)
#include "lt.h"
static struct D { ~D() { out("dtor coplain\n"); } } d;
extern "C" int coplain_fn() { return 1; }
