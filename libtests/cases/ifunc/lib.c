/* IFUNCs in a library.  The resolvers pick an implementation from a
 * constant in the library's own data: environment-independent. */
static volatile int lib_selector = 2;
static const char *impl1(void) { return "lib impl1"; }
static const char *impl2(void) { return "lib impl2"; }
static const char *(*resolve_lib_ifn(void))(void) { return lib_selector == 2 ? impl2 : impl1; }
const char *lib_ifn(void) __attribute__((ifunc("resolve_lib_ifn")));

static int add1(int x) { return x + 1; }
static int add2(int x) { return x + 2; }
static int (*resolve_local(void))(int) { return lib_selector == 2 ? add2 : add1; }
/* used only inside the library: a local IRELATIVE */
static int local_ifn(int) __attribute__((ifunc("resolve_local")));
int lib_use_local(int x) { return local_ifn(x); }

const char *lib_call_ifn(void) { return lib_ifn(); }
void *lib_ifn_addr(void) { return (void *)lib_ifn; }
/* data relocated against an ifunc */
const char *(*lib_ifn_ptr)(void) = lib_ifn;

/* The executable may define exe_ifn as an ifunc; the library calls it. */
const char *exe_ifn(void);
const char *lib_call_exe_ifn(void) { return exe_ifn(); }
