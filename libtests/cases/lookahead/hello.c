#include <stdio.h>
int main(void)
{
	puts("not reached: a relocation is against an undefined symbol");
	return 0;
}
