/* One library of the init-order DAG; NAME is A, B, C or D.  Every kind of
 * initializer/finalizer prints one line, straight to fd 1. */
#include <stdlib.h>
#include "lt.h"
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define STR2(x) #x
#define STR(x) STR2(x)
#define F(x) CAT(CAT(x, _), NAME)
#define S STR(NAME)

int F(depth)(void);

void F(dt_init)(void) { out(S ": DT_INIT\n"); }
void F(dt_fini)(void) { out(S ": DT_FINI\n"); }
static void F(atexit_handler)(void) { out(S ": atexit handler\n"); }
__attribute__((constructor)) static void F(ctor)(void)
{
    out(S ": constructor\n");
    atexit(F(atexit_handler));
}
__attribute__((constructor(200))) static void F(ctor200)(void) { out(S ": constructor(200)\n"); }
__attribute__((destructor)) static void F(dtor)(void) { out(S ": destructor\n"); }
static void F(ia)(void) { out(S ": .init_array entry\n"); }
static void F(fa)(void) { out(S ": .fini_array entry\n"); }
__attribute__((section(".init_array"), used)) static void (*F(ia_p))(void) = F(ia);
__attribute__((section(".fini_array"), used)) static void (*F(fa_p))(void) = F(fa);
