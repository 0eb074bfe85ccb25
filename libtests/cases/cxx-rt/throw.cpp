#include <vector>
#include "cx.hpp"
CxError::~CxError() {}
const char *CxError::what() const noexcept { return msg.c_str(); }
CxDerived::~CxDerived() {}
void cx_throw(int kind)
{
    switch (kind) {
    case 0: throw CxError(10, "cx-error");
    case 1: throw CxDerived(11, "cx-derived");
    case 2: throw std::runtime_error("runtime");
    case 3: throw 42;
    case 4: {
        std::vector<int> v(3);
        (void)v.at(7);
        break;
    }
    }
}
