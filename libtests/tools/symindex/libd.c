/* dlopened RTLD_DEEPBIND: its own group before the global scope */
int dup1(void) { return 601; }
int weakfirst(void);
int d_calls(void) { return dup1() * 1000 + weakfirst(); }
