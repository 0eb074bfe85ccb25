/* Each rule of symbol lookup once, printed; run under glibc's loader and
   ours (symbol index forced on, then off) by libtests/tools/symindex.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

extern int cvar;
int dup1(void), weakfirst(void), interp_pre(void), prot(void), a_calls(void), b_calls(void);
int vsym(void), hid(void), W0(void), W1(void), u1_bump(void), u2_bump(void), s_calls(void);
int lazy_g(void), lazy_late(void), lazy_after(void), fill_sum(void);

int interp_main(void) { return 1; }	/* interposes libA's */

static int call(void *h, const char *name)
{
	int (*f)(void) = (int (*)(void))dlsym(h, name);
	return f ? f() : -1;
}

static void *open_or_die(const char *name, int mode)
{
	void *h = dlopen(name, mode);
	if (!h)
		printf("dlopen %s: %s\n", name, dlerror());
	return h;
}

static void local_groups(void)
{
	void *l = open_or_die("libl.so", RTLD_NOW | RTLD_LOCAL);
	void *u3 = open_or_die("libu3.so", RTLD_LAZY | RTLD_LOCAL);
	void *d = open_or_die("libd.so", RTLD_NOW | RTLD_DEEPBIND);
	printf("local %d u3 %d deepbind %d\n", call(l, "l_calls"), call(u3, "u3_bump"),
	       call(d, "d_calls"));
	printf("not global: %s\n", dlsym(RTLD_DEFAULT, "ldep_only") ? "found" : "absent");
}

static void global_open_close(void)
{
	void *g = open_or_die("libg.so", RTLD_LAZY | RTLD_GLOBAL);
	printf("default: g_only %d dup1 %d dup_late %d\n", call(RTLD_DEFAULT, "g_only"),
	       call(RTLD_DEFAULT, "dup1"), call(RTLD_DEFAULT, "dup_late"));
	printf("lazy after dlopen: %d %d\n", lazy_g(), lazy_late());
	void *g2 = open_or_die("libg2.so", RTLD_NOW | RTLD_GLOBAL);
	printf("g2 %d\n", call(g2, "g2_only"));
	dlclose(g2);
	printf("after dlclose: g2_only %s dup1 %d lazy %d\n",
	       dlsym(RTLD_DEFAULT, "g2_only") ? "found" : "absent", call(RTLD_DEFAULT, "dup1"),
	       lazy_after());
	g2 = open_or_die("libg2.so", RTLD_LAZY | RTLD_GLOBAL);
	printf("reopened: g2_only %d dup1 %d\n", call(RTLD_DEFAULT, "g2_only"),
	       call(RTLD_DEFAULT, "dup1"));
	(void)g;
}

int main(void)
{
	printf("a %d b %d\n", a_calls(), b_calls());
	printf("dup1 %d weakfirst %d interp_pre %d prot %d cvar %d\n", dup1(), weakfirst(),
	       interp_pre(), prot(), cvar);
	printf("versions %d %d w0 %d w1 %d\n", vsym(), hid(), W0(), W1());
	printf("unique %d %d symbolic %d fill %d\n", u1_bump(), u2_bump(), s_calls(), fill_sum());
	local_groups();
	global_open_close();
	void *m = dlmopen(LM_ID_NEWLM, "liba.so", RTLD_NOW);
	printf("dlmopen a %d\n", m ? call(m, "a_calls") : -1);
	return 0;
}
