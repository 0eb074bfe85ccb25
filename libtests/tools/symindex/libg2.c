/* dlopened RTLD_GLOBAL and closed: its definitions leave the global scope */
int g2_only(void) { return 901; }
int dup1(void) { return 902; }
