/* dlopened RTLD_LOCAL with libLdep: the global scope first, then the group */
int dup1(void);
int ldep_only(void);
int l_calls(void) { return dup1() * 1000 + ldep_only(); }
