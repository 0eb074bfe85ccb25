/* libdtm-N.so: one TLS variable each */
__thread long CAT_V = N * 11 + 1;
long CAT_F(void) { return CAT_V++; }
