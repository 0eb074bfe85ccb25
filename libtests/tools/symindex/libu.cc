// STB_GNU_UNIQUE: counter()'s static is one object process-wide, whichever
// library (libU1, libU2, the RTLD_LOCAL libU3) defines it too
inline int &counter() { static int c; return c; }
extern "C" int UBUMP() { return ++counter(); }
