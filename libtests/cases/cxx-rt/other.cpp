// libcxother.so: C++ with unwind tables, loaded and unloaded in a loop
#include <stdexcept>
extern "C" int cxother_fn(int x)
{
    try {
        if (x > 0)
            throw std::runtime_error("x");
    } catch (...) {
        return 1;
    }
    return 0;
}
