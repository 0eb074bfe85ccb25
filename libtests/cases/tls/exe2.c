/* the second translation unit of the executable */
#define PFX ex2_
#define INITVAL 222
#include "tlsvars.h"
