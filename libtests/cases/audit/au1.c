/* the audited library: called through the program's PLT */
int au_add(int a, int b) { return a + b; }
int au_ret(int a) { return a * 2; }
int au_orig(void) { return 1; }
int au_alt(void) { return 2; }
/* nine arguments: three on the stack, copied by the profiling trampoline */
long au_stack(long a, long b, long c, long d, long e, long f, long g, long h, long i)
{
	return a + b + c + d + e + f + g * 100 + h * 1000 + i * 10000;
}
double au_fp(double x, double y) { return x * y; }
/* TLS of an object placed after the audit modules: initial-exec (a block of the
   static surplus, as glibc gives it) and general-dynamic */
static __thread int au_ie __attribute__((tls_model("initial-exec"))) = 5;
static __thread int au_gd = 7;
int au_tls(void) { return ++au_ie * 10 + ++au_gd; }
/* a long double: passed on the stack, returned in st0 (La_x86_64_retval's lrv_st0) */
long double au_ld(long double x) { return x * 3; }
