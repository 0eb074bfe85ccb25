// libcxtl.so: a thread_local object with a destructor (registered through
// __cxa_thread_atexit_impl, which keeps the library loaded until it ran)
#include <string>
#include "lt.h"
struct TL {
    std::string who;
    int uses = 0;
    TL() : who("unset") {}
    ~TL() { out("thread_local dtor: %s used %d times\n", who.c_str(), uses); }
};
static thread_local TL tl;
extern "C" int cxtl_use(const char *who)
{
    if (tl.uses == 0)
        tl.who = who;
    return ++tl.uses;
}
static struct G {
    G() { out("libcxtl ctor\n"); }
    ~G() { out("libcxtl dtor\n"); }
} g;
