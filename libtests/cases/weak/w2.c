const char *wdef(void) { return "strong def (libweak2)"; }
int wdat = 2;
