/* dlopen a mutant, print what dlopen said, then prove the process is intact:
   open a good library and call it.   dlo MUTANT GOODLIB [SYMBOL] */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	void *h = dlopen(argv[1], RTLD_NOW);
	if (h)
		printf("loaded\n");
	else
		printf("refused: %s\n", dlerror() ? "message" : "NO MESSAGE");
	if (h && argc > 3) {
		int (*f)(void) = (int (*)(void))dlsym(h, argv[3]);
		printf("%s %d\n", argv[3], f ? f() : -1);
	}
	void *g = dlopen(argv[2], RTLD_NOW);
	int (*gf)(int) = g ? (int (*)(int))dlsym(g, "good_fn") : 0;
	printf("intact %d\n", gf ? gf(21) : -1);
	return 0;
}
