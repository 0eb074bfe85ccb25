// 8 std::threads each throw and catch 1,000 exceptions (from a linked
// library and from a dlopened plugin) while the main thread keeps
// dlopening and dlclosing another plugin (so the unwinder's object lookup,
// _dl_find_object, sees the set of objects change under it).
#include <atomic>
#include <dlfcn.h>
#include <thread>
#include <vector>
#include "lt.h"
#include "cx.hpp"

static std::atomic<bool> stop{ false };

int main()
{
    void *h = dlopen("libcxplug.so", RTLD_NOW);
    if (!h) {
        out("dlopen failed\n");
        return 1;
    }
    auto pf = (int (*)(int))dlsym(h, "cx_plugin_throw");
    std::vector<std::thread> ts;
    std::vector<long> caught(8), wrong(8);
    for (int t = 0; t < 8; t++)
        ts.emplace_back([t, pf, &caught, &wrong] {
            for (int i = 0; i < 1000; i++) {
                int kind = (i + t) % 5;
                try {
                    if (i & 1)
                        cx_throw(kind);
                    else
                        pf(kind == 4 ? 9 : kind);
                } catch (const CxError &e) {
                    caught[t]++;
                    wrong[t] += e.code != 10 + kind;
                } catch (const std::exception &e) {
                    caught[t]++;
                } catch (int v) {
                    caught[t]++;
                    wrong[t] += v != 42;
                }
            }
        });
    int cycles = 0, failed = 0;
    for (int i = 0; i < 200; i++) {
        void *o = dlopen("libcxother.so", RTLD_NOW);
        failed += o == nullptr;
        if (o && dlclose(o) == 0)
            cycles++;
    }
    for (auto &t : ts)
        t.join();
    for (int t = 0; t < 8; t++)
        out("thread %d: caught %ld, wrong %ld\n", t, caught[t], wrong[t]);
    out("dlopen/dlclose cycles: %d, failed %d\n", cycles, failed);
    dlclose(h);
    return 0;
}
