#define _GNU_SOURCE
#include <dlfcn.h>
/* libsch: needed by every plugin of the case; linked lazily so each PLT call
 * below is bound at its first call, through whatever the scope is then. */
int h2_val(void);
int h2_late(void);
int only_in_q(void);				/* defined only in p2's group (libscq) */
int weak_in_p2(void) __attribute__((weak));	/* defined only in p2 */
int only_in_last(void);				/* defined only in the last plugin */
int weak_in_last(void) __attribute__((weak));

int h_call(void) { return 10 + h2_val(); }
int h_late(void) { return 100 + h2_late(); }
int h_only_q(void) { return only_in_q(); }
int h_weak_p2(void) { return weak_in_p2(); }	/* PLT call, no address test */
int h_only_last(void) { return only_in_last(); }
int h_weak_last(void) { return weak_in_last(); }
int dup_sym(void);
/* which definition wins tells the order of libsch's scope */
int h_dup(void) { return dup_sym(); }
/* RTLD_NEXT walks l_loader: p1 loaded libsch, so after p1 goes libsch has
   no loader any more (glibc clears l_loader) and its own scope is used */
int h_next_dup(void)
{
    int (*f)(void) = (int (*)(void))dlsym(RTLD_NEXT, "dup_sym");
    return f ? f() : -1;
}
