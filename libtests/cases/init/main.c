#include <stdlib.h>
#include "lt.h"
static void pre1(void) { out("exe: preinit_array 1\n"); }
static void pre2(void) { out("exe: preinit_array 2\n"); }
__attribute__((section(".preinit_array"), used)) static void (*pre_p[])(void) = { pre1, pre2 };
static void ia(void) { out("exe: .init_array entry\n"); }
__attribute__((section(".init_array"), used)) static void (*ia_p)(void) = ia;
static void fa(void) { out("exe: .fini_array entry\n"); }
__attribute__((section(".fini_array"), used)) static void (*fa_p)(void) = fa;
__attribute__((constructor)) static void ctor(void) { out("exe: constructor\n"); }
__attribute__((constructor(150))) static void ctor150(void) { out("exe: constructor(150)\n"); }
__attribute__((destructor)) static void dtor(void) { out("exe: destructor\n"); }
void exe_init(void) { out("exe: DT_INIT\n"); }
void exe_fini(void) { out("exe: DT_FINI\n"); }
static void ae1(void) { out("exe: atexit 1\n"); }
static void ae2(void) { out("exe: atexit 2\n"); }
void dt_init_A(void);
int main(int argc, char **argv)
{
    (void)argv;
    out("exe: main\n");
    atexit(ae1);
    atexit(ae2);
    dt_init_A(); /* keep a reference to A */
    if (argc > 1)
        exit(9); /* exit() instead of returning from main */
    return 7;
}
