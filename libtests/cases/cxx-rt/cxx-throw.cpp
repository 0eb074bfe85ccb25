// Exceptions thrown in one library and caught in another, in the
// executable, across a dlopened plugin, rethrown, and via exception_ptr.
#include <dlfcn.h>
#include <typeinfo>
#include "lt.h"
#include "cx.hpp"

static std::string catch_here(void (*f)(int), int kind)
{
    try {
        f(kind);
        return "nothing thrown";
    } catch (const CxDerived &e) {
        return std::string("CxDerived ") + e.what();
    } catch (const CxError &e) {
        return std::string("CxError ") + e.what();
    } catch (const std::exception &e) {
        return std::string("std::exception ") + e.what() + " [" +
               (dynamic_cast<const std::out_of_range *>(&e) ? "out_of_range" : "other") + "]";
    } catch (int i) {
        return "int " + std::to_string(i);
    }
}

int main()
{
    for (int k = 0; k <= 5; k++) {
        out("kind %d: caught in libcxcatch: %s\n", k, cx_catch_in_lib(k).c_str());
        out("kind %d: caught in the executable: %s\n", k, catch_here(cx_throw, k).c_str());
        out("kind %d: rethrown by libcxcatch: %s\n", k, catch_here(cx_rethrow_in_lib, k).c_str());
        std::exception_ptr p = cx_capture(k);
        out("kind %d: exception_ptr: %s\n", k, p ? "captured" : "none");
        if (p) {
            try {
                std::rethrow_exception(p);
            } catch (const std::exception &e) {
                out("kind %d: rethrow_exception: %s\n", k, e.what());
            } catch (int i) {
                out("kind %d: rethrow_exception: int %d\n", k, i);
            }
        }
    }
    void *h = dlopen("libcxplug.so", RTLD_NOW);
    if (!h) {
        out("dlopen libcxplug.so failed\n");
        return 1;
    }
    auto pf = (int (*)(int))dlsym(h, "cx_plugin_throw");
    for (int k : { 0, 1, 2, 3, 4, 8, 9 }) {
        try {
            int r = pf(k);
            out("plugin kind %d: returned %d\n", k, r);
        } catch (const CxError &e) {
            out("plugin kind %d: CxError %s (%s)\n", k, e.what(),
                typeid(e) == typeid(CxDerived) ? "CxDerived" : "CxError");
        } catch (const std::exception &e) {
            out("plugin kind %d: std::exception %s\n", k, e.what());
        } catch (...) {
            out("plugin kind %d: something else\n", k);
        }
    }
    out("dlclose = %d\n", dlclose(h));
    out("end of main\n");
    return 0;
}
