/* LD_PRELOAD: interposes before everything but the program */
int interp_pre(void) { return 301; }
int prot(void) { return 302; }
