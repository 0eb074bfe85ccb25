/* Needs libmut.so (DT_NEEDED): found where LD_LIBRARY_PATH says. */
#include <stdio.h>
int mut_fn(void);
int main(void)
{
	printf("needer %d\n", mut_fn());
	return 0;
}
