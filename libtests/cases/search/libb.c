const char *sb_name(void) { return "libb"; }
