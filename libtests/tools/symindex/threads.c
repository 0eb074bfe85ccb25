/* Lookups in other threads (dlsym through libc, under the gscope protocol,
   not the load lock) while the main thread dlopens RTLD_GLOBAL and dlcloses
   five libraries 300 times: each change keeps, rebuilds or drops the global
   scope's index under the readers.  common() is the program's first
   definition (libt0.so, needed: main calls it) whatever the later libraries
   define. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

int common(void);
static atomic_int stop;
static atomic_long bad;

static void *reader(void *arg)
{
	(void)arg;
	while (!stop) {
		int (*f)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "common");
		int (*g)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "g0");
		if (!f || f() != 0 || !g || g() != 0)
			bad++;
		(void)dlsym(RTLD_DEFAULT, "g3");
	}
	return 0;
}

int main(void)
{
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], 0, reader, 0);
	for (int r = 0; r < 300; r++) {
		void *h[5];
		for (int i = 0; i < 5; i++) {
			char name[32];
			snprintf(name, sizeof name, "libt%d.so", i + 1);
			h[i] = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
		}
		for (int i = 0; i < 5; i++)
			if (h[i])
				dlclose(h[i]);
	}
	stop = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], 0);
	printf("wrong lookups %ld, common %d\n", (long)bad, common());
	return 0;
}
