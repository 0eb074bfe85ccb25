/* which() comes from the first LD_PRELOAD object, however many there are */
#include "lt.h"
int which(void);
int main(void)
{
	out("which %d\n", which());
	return 0;
}
