/* libcoinit.so: DT_INIT/DT_FINI next to .init_array/.fini_array */
#include "lt.h"
void old_init(void) { out("DT_INIT coinit\n"); }
void old_fini(void) { out("DT_FINI coinit\n"); }
static void __attribute__((constructor)) c(void) { out("init_array coinit\n"); }
static void __attribute__((destructor)) d(void) { out("fini_array coinit\n"); }
static void __attribute__((constructor(200))) c200(void) { out("init_array(200) coinit\n"); }
static void __attribute__((destructor(200))) d200(void) { out("fini_array(200) coinit\n"); }
int coinit_fn(void) { return 3; }
