/* libetnd.so needs libetnd2.so; libetndroot.so needs libetnd.so */
int etnd2_sym(void);
int etnd_sym(void) { return etnd2_sym() + 1; }
