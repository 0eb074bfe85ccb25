#define PFX exe_
#define INITVAL 111
#include "tlsvars.h"
