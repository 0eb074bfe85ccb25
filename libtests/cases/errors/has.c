int gone_func(void);
int has_func(void) { return gone_func() + 1; }
