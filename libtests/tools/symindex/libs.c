/* DF_SYMBOLIC (-Bsymbolic): itself first, then the global scope */
int dup1(void);
int s_own(void) { return 801; }
int s_calls(void) { return dup1() * 1000 + s_own(); }
