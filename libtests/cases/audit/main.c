/* a program audited by libaudA.so (and libaudB.so): calls through its PLT,
   dlopen, dlsym and dlclose, each callback printed by the module */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include "lt.h"

int au_add(int a, int b);
int au_ret(int a);
int au_orig(void);
long au_stack(long a, long b, long c, long d, long e, long f, long g, long h, long i);
double au_fp(double x, double y);
int au_tls(void);
long double au_ld(long double x);

/* calls through the PLT from four threads at once */
static void *worker(void *arg)
{
	long sum = 0;
	for (int i = 0; i < 2000; i++)
		sum += au_add(i, 1) + au_ret(i) + au_tls();
	return (void *)sum;
}

static void threads(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], 0, worker, 0);
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(t[i], &r);
		out("thread %d: %ld\n", i, (long)r);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "threads")) {
		threads();
		return 0;
	}
	out("main: start\n");
	out("au_add(1, 2) = %d\n", au_add(1, 2));
	out("au_add(3, 4) = %d\n", au_add(3, 4));
	out("au_ret(5) = %d\n", au_ret(5));
	out("au_orig() = %d\n", au_orig());
	out("au_stack = %ld\n", au_stack(1, 2, 3, 4, 5, 6, 7, 8, 9));
	out("au_fp = %g\n", au_fp(1.5, 4.0));
	out("au_ld = %Lg\n", au_ld(2.5L));
	au_tls();
	out("au_tls = %d\n", au_tls());
	const char *lib = argc > 1 ? argv[1] : "libau2.so";
	/* "mopen": into a new namespace of its own, with its own libc */
	void *h = argc > 2 && !strcmp(argv[2], "mopen") ? dlmopen(LM_ID_NEWLM, lib, RTLD_NOW)
							: dlopen(lib, RTLD_NOW);
	out("dlopen %s: %s\n", lib, h ? "ok" : "failed");
	if (h) {
		int (*f)(void) = (int (*)(void))dlsym(h, "au2_fn");
		out("au2_fn() = %d\n", f ? f() : -1);
		dlclose(h);
	}
	out("main: end\n");
	return 0;
}
