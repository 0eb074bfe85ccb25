/* link-time stand-in without any version information */
int qux(void) { return 0; }
int baz(void) { return 0; }
int bar(void) { return 0; }
int zap(void) { return 0; }
