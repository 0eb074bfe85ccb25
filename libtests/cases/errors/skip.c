const char *skip_name(void) { return "the right library"; }
