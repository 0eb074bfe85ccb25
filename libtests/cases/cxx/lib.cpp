#include <cstdio>
#include <sstream>
#include <typeinfo>
#include "shared.hpp"
namespace {
struct Square : Shape {
    double s;
    explicit Square(double side) : s(side) {}
    std::string name() const override { return "square"; }
    double area() const override { return s * s; }
};
struct LibGlobal {
    std::string tag;
    LibGlobal() : tag("lib-global") { std::printf("lib: global ctor\n"); }
    ~LibGlobal() { std::printf("lib: global dtor (%s)\n", tag.c_str()); std::fflush(stdout); }
} lib_global;
} // namespace
Shape *make_square(double side) { return new Square(side); }
std::string lib_describe(const Shape &s)
{
    std::ostringstream os;
    os << s.name() << " with area " << s.area();
    return os.str();
}
int lib_bump_counter() { return ++shared_counter(); }
void lib_register(const std::string &s) { Registry<std::string>::items.push_back("lib:" + s); }
const std::type_info &lib_square_type() { return typeid(Square); }
