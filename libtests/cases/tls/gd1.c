#define PFX gd1_
#define INITVAL 444
#include "tlsvars.h"
