/* In the global scope after the program and the preload: first definer of
   the names libB, libLdep, libD and libG define again. */
int cvar = 7;					/* copied into the program (COPY) */
int dup1(void) { return 101; }
__attribute__((weak)) int weakfirst(void) { return 102; }	/* weak, yet before libB's */
int interp_main(void) { return 103; }		/* the program's wins */
int interp_pre(void) { return 104; }		/* the preload's wins */
__attribute__((visibility("protected"))) int prot(void) { return 105; }
int a_calls(void)
{
	return dup1() + weakfirst() + interp_main() + interp_pre() + prot() + cvar;
}
