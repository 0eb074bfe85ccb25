/* libwrap.so needs libmut.so: dlopen'ed, its refused dependency rolls the group back */
int mut_fn(void);
int wrap_fn(void) { return mut_fn(); }
