/* a plugin: NAME, and optional definitions the helper looks for */
int h_call(void);
int plugin_call(void) { return NUM * 1000 + h_call(); }
#ifdef WEAK_DEF
__attribute__((weak)) int weak_in_p2(void) { return 42; }
int dup_sym(void) { return 2222; }
#endif
#ifdef LAST_DEF
int only_in_last(void) { return 77; }
__attribute__((weak)) int weak_in_last(void) { return 88; }
#endif
