const char *wdef(void) { return "strong def (libweak2)"; }
