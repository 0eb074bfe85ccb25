/* liblzu.so: lzu_never() calls a function that does not exist at all */
void missing_lazy_fn(void);
void lzu_never(void) { missing_lazy_fn(); }
int lzu_ok(void) { return 5; }
