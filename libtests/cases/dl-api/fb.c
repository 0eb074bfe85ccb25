int fa_sym(void);
int fb_call(void) { return fa_sym() * 2; }
