/* lazy PLT calls that bind after dlopen (g_only) and after dlclose */
int g_only(void);
int dup_late(void);
int dup_after(void);
int lazy_g(void) { return g_only(); }
int lazy_late(void) { return dup_late(); }
int lazy_after(void) { return dup_after(); }
