/* Errors: one line on stderr, exit status 127, like glibc's loader; inside
   dlopen, the message goes to the one buffer dl_catch_msg instead. */
#include "ldso.h"

/* the innermost dlopen that catches errors instead of exiting */
HIDDEN struct dl_catch *dl_catch_top;
HIDDEN char dl_catch_msg[1024] COLD_BSS;

/* inside a dlopen on this thread: errors go to dlerror, not to stderr */
int dl_catching(void)
{
	/* owner 0: start-up, one thread and no thread pointer yet to compare */
	return dl_catch_top &&
	       (!dl_catch_top->owner || dl_catch_top->owner == arch_thread_pointer());
}

/* caught for dlopen (not for a preload, whose errors are only reported) */
int dl_in_dlopen(void)
{
	return dl_catching() && dl_catch_top->dlopen;
}

static _Noreturn void die(int status, const char *what, const char *fmt, va_list ap)
{
	if (L.verify)
		sys_exit(1);	/* --verify: glibc answers 1, silently, whatever went wrong */
	if (dl_catching()) {
		/* the catcher holds the dl lock (or is start-up): one message buffer */
		int n = rt_vsnprintf(dl_catch_msg, sizeof dl_catch_msg, fmt, ap);
		if (n >= (int)sizeof dl_catch_msg)	/* cut, and say so */
			memcpy(dl_catch_msg + sizeof dl_catch_msg - 4, "...", 4);
		if (dl_in_dlopen())
			explain_print(1, 0, dl_catch_msg);	/* under LD_CUSTOM_EXPLAIN=1 only */
		else
			explain_drop();
		dl_longjmp(dl_catch_top->jb, 1);
	}
	va_list cp;	/* %V takes a va_list *; a va_list parameter is a pointer already */
	va_copy(cp, ap);
	rt_dprintf(2, "%s: %s: %s: %V\n", LDSO_NAME, L.progname ? L.progname : "?", what, fmt, &cp);
	va_end(cp);
	explain_print(0, 0, 0);
	sys_exit(status);
}

void dl_fatal(const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	die(127, what, fmt, ap);
}

/* glibc exits 1, not 127, when a needed symbol version is missing
   (rtld.c version_check_doit); the differential tests hold us to that */
void dl_fatal_status(int status, const char *what, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	die(status, what, fmt, ap);
}


/* scratch memory (rt/alloc.c) that must be there: out of memory is fatal */
void *scratch_need(size_t n)
{
	void *p = scratch_get(n);
	if (!p)
		dl_fatal("cannot load shared object", "out of memory");
	return p;
}
