__attribute__((weak)) const char *wdef(void) { return "weak def (libweak1)"; }
__attribute__((weak)) int wdat = 1;
