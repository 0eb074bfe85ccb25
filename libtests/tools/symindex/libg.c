/* dlopened RTLD_GLOBAL: joins the end of the global scope */
int g_only(void) { return 701; }
int dup_late(void) { return 702; }
int dup1(void) { return 703; }
