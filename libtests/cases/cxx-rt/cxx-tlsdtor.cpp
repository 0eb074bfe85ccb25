// thread_local with a destructor in a dlopened plugin, then dlclose: the
// destructor must still run (in the thread, at thread exit; in the main
// thread, at exit) with the plugin's code still mapped.
#include <dlfcn.h>
#include <pthread.h>
#include <thread>
#include "dlt.h"

static pthread_barrier_t bar;
static int (*use)(const char *);

int main()
{
    void *h = dlopen("libcxtl.so", RTLD_NOW);
    if (!h) {
        out("dlopen failed\n");
        return 1;
    }
    use = (int (*)(const char *))dlsym(h, "cxtl_use");
    pthread_barrier_init(&bar, nullptr, 2);
    std::thread t([] {
        use("worker");
        use("worker");
        out("worker: used\n");
        pthread_barrier_wait(&bar); // main dlcloses now
        pthread_barrier_wait(&bar);
        out("worker: exiting\n");
    });
    pthread_barrier_wait(&bar);
    out("dlclose while the worker's thread_local is alive = %d\n", dlclose(h));
    out("still loaded: %s\n", dlt_loaded("libcxtl.so") ? "yes" : "no");
    pthread_barrier_wait(&bar);
    t.join();
    out("worker joined\n");

    // the main thread's own thread_local in the plugin
    h = dlopen("libcxtl.so", RTLD_NOW);
    use = (int (*)(const char *))dlsym(h, "cxtl_use");
    out("main uses: %d\n", use("main"));
    out("dlclose with the main thread's thread_local alive = %d\n", dlclose(h));
    out("end of main\n");
    return 0;
}
