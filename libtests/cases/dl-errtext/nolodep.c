/* libetnd2.so: reached only through libetnd.so's DT_NEEDED */
int etnd2_sym(void) { return 7; }
