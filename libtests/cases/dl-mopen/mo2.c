/* libmo2.so: needs libmo.so; binds to the copy in its own namespace */
int mo_next(void);
int mo2_next(void) { return 1000 + mo_next(); }
