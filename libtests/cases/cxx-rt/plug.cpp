// libcxplug.so: dlopened; throws its own exceptions and the shared ones
#include "lt.h"
#include "cx.hpp"
struct PlugError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
extern "C" int cx_plugin_throw(int kind)
{
    if (kind == 9)
        throw PlugError("plugin-local");
    if (kind == 8) {
        try {
            throw PlugError("caught inside plugin");
        } catch (const std::runtime_error &e) {
            return 80;
        }
    }
    cx_throw(kind);
    return -1;
}
static struct G {
    G() { out("plugin global ctor\n"); }
    ~G() { out("plugin global dtor\n"); }
} g;
