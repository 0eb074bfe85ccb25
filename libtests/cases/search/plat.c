const char *sb_name(void) { return PLAT; }
