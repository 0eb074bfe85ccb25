/* Errors: one line on stderr, exit status 127, like glibc's loader. */
#include "ldso.h"

/* the innermost dlopen that catches errors instead of exiting */
HIDDEN struct dl_catch *dl_catch_top;

static _Noreturn void die(int status, const char *what, const char *fmt, va_list ap)
{
	char detail[1800];
	rt_vsnprintf(detail, sizeof detail, fmt, ap);
	if (dl_catch_top && dl_catch_top->owner == arch_thread_pointer()) {
		struct dl_catch *c = dl_catch_top;
		rt_snprintf(c->msg, sizeof c->msg, "%s", detail);
		dl_longjmp(c->jb, 1);
	}
	rt_dprintf(2, "%s: %s: %s: %s\n", LDSO_NAME, L.progname ? L.progname : "?", what, detail);
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

void dl_warn(const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	va_start(ap, fmt);
	rt_vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	rt_dprintf(2, "%s: %s: warning: %s\n", LDSO_NAME, L.progname ? L.progname : "?", detail);
}
