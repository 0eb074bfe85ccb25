const char *sb_name(void);
const char *sa_name(void) { return "liba"; }
const char *sa_chain(void) { return sb_name(); }
