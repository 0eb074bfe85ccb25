/* Errors: one line on stderr, exit status 127, like glibc's loader. */
#include "ldso.h"

void dl_fatal(const char *what, const char *fmt, ...)
{
	char detail[1800];
	va_list ap;
	va_start(ap, fmt);
	rt_vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	rt_dprintf(2, "%s: %s: %s: %s\n", LDSO_NAME, L.progname ? L.progname : "?", what, detail);
	sys_exit(127);
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
