#include <string>
#include <vector>
// inline function with a static local: emitted as an STB_GNU_UNIQUE object in
// both the executable and the library; there must be one instance at run time.
inline int &shared_counter() { static int n = 0; return n; }
template <typename T> struct Registry { static std::vector<T> items; };
template <typename T> std::vector<T> Registry<T>::items;

struct Shape {
    virtual ~Shape() {}
    virtual std::string name() const = 0;
    virtual double area() const = 0;
};
Shape *make_square(double side);
std::string lib_describe(const Shape &s);
int lib_bump_counter();
void lib_register(const std::string &s);
const std::type_info &lib_square_type();
