/* libpreN.so; only the last preload and libinterposed.so define which() */
#ifdef DEFINE
int which(void) { return PRE; }
#else
int pre_dummy(void) { return PRE; }
#endif
