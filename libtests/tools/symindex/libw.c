/* built twice: against the unversioned libV (w0) and the V1 one (w1) */
int vsym(void);
int hid(void);
int W(void) { return vsym() * 1000 + hid(); }
