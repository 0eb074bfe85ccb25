__attribute__((weak)) const char *wdef(void) { return "weak def (libweak1)"; }
