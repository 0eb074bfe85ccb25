#define PFX ie_
#define INITVAL 333
#include "tlsvars.h"
