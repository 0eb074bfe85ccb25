// libmocxx.so: C++ with exceptions, dlmopened into a new namespace (its own
// libstdc++, libgcc_s and libc there); the unwinder there must find the
// namespace's objects (_dl_find_object covers every namespace).
#include <stdexcept>
#include <string>
extern "C" int mocxx_throw_catch(int n)
{
    int caught = 0;
    for (int i = 0; i < n; i++) {
        try {
            if (i % 2)
                throw std::runtime_error("odd " + std::to_string(i));
            throw i;
        } catch (const std::exception &e) {
            caught += 2;
        } catch (int) {
            caught += 1;
        }
    }
    return caught;
}
