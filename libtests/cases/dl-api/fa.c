/* libdlfa.so: defines fa_sym; libdlfb.so uses it without a DT_NEEDED */
int fa_sym(void) { return 11; }
