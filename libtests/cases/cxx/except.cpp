#include <cstdio>
#include <stdexcept>
#include <string>
// Exceptions thrown and caught inside the executable (unwinding needs
// _dl_find_object from the dynamic linker).
static int depth(int n)
{
    if (n == 0)
        throw std::runtime_error("bottom reached");
    return depth(n - 1) + 1;
}
struct Guard {
    const char *n;
    ~Guard() { std::printf("unwound %s\n", n); }
};
int main()
{
    try {
        Guard g{ "guard" };
        depth(5);
    } catch (const std::exception &e) {
        std::printf("caught: %s\n", e.what());
    }
    try {
        throw 42;
    } catch (int x) {
        std::printf("caught int %d\n", x);
    }
    return 0;
}
