/* The trampoline itself (in a library or the program). */
__attribute__((noinline)) static int apply(int (*f)(int), int x) { return f(x); }

int es_tramp(int k)
{
    int add(int x) { return x + k; }	/* GCC nested function: a stack trampoline */
    return apply(add, 1);
}
