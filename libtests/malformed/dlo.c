/* dlopen a mutant, print what dlopen said, then prove the process is intact:
   open a good library and call it.   dlo MUTANT GOODLIB [SYMBOL] */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

static int count_one(struct dl_phdr_info *info, size_t size, void *n)
{
	++*(int *)n;
	return 0;
}

static int objects(void)
{
	int n = 0;
	dl_iterate_phdr(count_one, &n);
	return n;
}

/* a refused dlopen leaves the process as it was: nothing of the file mapped */
static int mapped(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char line[4096];
	int found = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		const char *name = strrchr(line, '/');
		found |= name && !strcmp(name + 1, base);
	}
	if (f)
		fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int before = objects();
	void *h = dlopen(argv[1], RTLD_NOW);
	if (h)
		printf("loaded\n");
	else {	/* the dlerror text goes to stderr: one line, not empty */
		const char *e = dlerror();
		if (e)
			fprintf(stderr, "%s\n", e);
		printf("refused: %s%s\n", !e || !*e ? "NO MESSAGE" : strchr(e, '\n') ? "NEWLINE IN MESSAGE"
		       : "message", mapped(argv[1]) ? ", LEFT MAPPED" : "");
		if (objects() != before)
			printf("OBJECTS LEFT: %d before, %d after\n", before, objects());
	}
	if (h && argc > 3) {
		int (*f)(void) = (int (*)(void))dlsym(h, argv[3]);
		printf("%s %d\n", argv[3], f ? f() : -1);
	}
	void *g = dlopen(argv[2], RTLD_NOW);
	int (*gf)(int) = g ? (int (*)(int))dlsym(g, "good_fn") : 0;
	printf("intact %d\n", gf ? gf(21) : -1);
	return 0;
}
