/* --list-diagnostics: glibc 2.36's key=value lines (elf/dl-diagnostics.c and
   the kernel's and the machine's parts), with our values where they are ours. */
#include <sys/utsname.h>
#include "ldso.h"
#include "glibc/glibc.h"

/* glibc's print_quoted_char, its octal escape included (the middle digit
   repeats the first one there: so it does here) */
static void put_quoted(const char *s, size_t len)
{
	char buf[4 * 64 + 2];
	size_t n = 0;
	buf[n++] = '"';
	for (size_t i = 0; i < len; i++) {
		signed char c = (signed char)s[i];
		if (n > sizeof buf - 5) {
			sys_write(1, buf, n);
			n = 0;
		}
		if (c < ' ' || c > '~') {
			buf[n++] = '\\';
			buf[n++] = (char)('0' + ((c >> 6) & 7));
			buf[n++] = (char)('0' + ((c >> 6) & 7));
			buf[n++] = (char)('0' + (c & 7));
			continue;
		}
		if (c == '\\' || c == '"')
			buf[n++] = '\\';
		buf[n++] = c;
	}
	buf[n++] = '"';
	sys_write(1, buf, n);
}

static void print_string(const char *label, const char *s)
{
	rt_dprintf(1, "%s=", label);
	if (s)
		put_quoted(s, strlen(s));
	else
		rt_dprintf(1, "0x0");
	rt_dprintf(1, "\n");
}

static void print_value(const char *label, uint64_t v)
{
	rt_dprintf(1, "%s=0x%lx\n", label, (unsigned long)v);
}

/* glibc's unfiltered_envvar: the values of these are shown, of others the names */
static int env_shown(const char *e, size_t *namelen)
{
	static const char *const names[] = {
		"DATEMSK", "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "GMON_OUTPUT_PREFIX",
		"HESIOD_CONFIG", "HES_DOMAIN", "HOSTALIASES", "I18NPATH", "IFS", "LANG",
		"LOCALDOMAIN", "LOCPATH", "MSGVERB", "NIS_DEFAULTS", "NIS_GROUP", "NIS_PATH",
		"NLSPATH", "PATH", "POSIXLY_CORRECT", "RESOLV_HOST_CONF", "RES_OPTIONS",
		"SEV_LEVEL", "TMPDIR", "TZ", "TZDIR",
	};
	const char *eq = strchr(e, '=');
	*namelen = eq ? (size_t)(eq - e) : strlen(e);
	if (!eq)
		return 1;	/* malformed entries are shown whole */
	if (e[0] == 'L' && (e[1] == 'C' || e[1] == 'D') && e[2] == '_')
		return 1;
	if (!strncmp(e, "MALLOC_", 7))
		return 1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == *namelen && !memcmp(names[i], e, *namelen))
			return 1;
	return 0;
}

static void print_environment(void)
{
	unsigned i = 0;
	for (char **e = L.envp; *e; e++, i++) {
		size_t n;
		int shown = env_shown(*e, &n);
		rt_dprintf(1, "env%s[0x%x]=", shown ? "" : "_filtered", i);
		put_quoted(*e, shown ? strlen(*e) : n);
		rt_dprintf(1, "\n");
	}
}

static void print_paths(void)
{
	static const char *const dirs[] = {
		"/lib/" ARCH_TRIPLET "/", "/usr/lib/" ARCH_TRIPLET "/", "/lib/", "/usr/lib/"
	};
	print_string("path.prefix", "/usr");
	print_string("path.rtld", ARCH_LDSO_PATH);
	print_string("path.sysconfdir", "/etc");
	for (unsigned i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		rt_dprintf(1, "path.system_dirs[0x%x]=", i);
		put_quoted(dirs[i], strlen(dirs[i]));
		rt_dprintf(1, "\n");
	}
}

/* the kernel's part: the auxiliary vector (strings shown as strings), uname */
static void print_kernel(void)
{
	unsigned i = 0;
	for (Elf64_auxv_t *a = L.auxv; a->a_type != AT_NULL; a++, i++) {
		rt_dprintf(1, "auxv[0x%x].a_type=0x%lx\nauxv[0x%x].a_val=", i,
			   (unsigned long)a->a_type, i);
		const char *str = (const char *)a->a_un.a_val;
		if ((a->a_type == AT_EXECFN || a->a_type == AT_PLATFORM ||
		     a->a_type == AT_BASE_PLATFORM) && str)
			put_quoted(str, strlen(str));
		else if (a->a_type == AT_EXECFN || a->a_type == AT_PLATFORM ||
			 a->a_type == AT_BASE_PLATFORM)
			rt_dprintf(1, "0x0");
		else
			rt_dprintf(1, "0x%lx", (unsigned long)a->a_un.a_val);
		rt_dprintf(1, "\n");
	}
	struct utsname u;
	if (sys_uname(&u) == 0) {
		print_string("uname.sysname", u.sysname);
		print_string("uname.nodename", u.nodename);
		print_string("uname.release", u.release);
		print_string("uname.version", u.version);
		print_string("uname.machine", u.machine);
		print_string("uname.domainname", u.__domainname);	/* musl's name */
	}
}

/* LD_PROFILE_OUTPUT as glibc's process_envvars takes it (not when secure) */
static const char *profile_output(void)
{
	const char *out = L.secure ? "/var/profile" : "/var/tmp";
	for (char **e = L.envp; *e && !L.secure; e++)
		if (!strncmp(*e, "LD_PROFILE_OUTPUT=", 18) && (*e)[18])
			out = *e + 18;
	return out;
}

_Noreturn void print_diagnostics(void)
{
	print_string("dl_dst_lib", "lib/" ARCH_TRIPLET);
	print_value("dl_hwcap", GLRO->_dl_hwcap);
	arch_diagnostics(ARCH_DIAG_HWCAP_IMPORTANT, print_value, print_string);
	print_value("dl_hwcap2", GLRO->_dl_hwcap2);
	arch_diagnostics(ARCH_DIAG_HWCAPS_SUBDIRS, print_value, print_string);
	print_value("dl_pagesize", GLRO->_dl_pagesize);
	print_string("dl_platform", GLRO->_dl_platform);
	print_string("dl_profile_output", profile_output());
	arch_diagnostics(ARCH_DIAG_STRING_PLATFORM, print_value, print_string);
	print_string("dso.ld", ARCH_LDSO_SONAME);
	print_string("dso.libc", "libc.so.6");
	print_environment();
	print_paths();
	print_string("version.release", "stable");
	print_string("version.version", GLIBC_VERSION_STRING);
	print_kernel();
	arch_diagnostics(ARCH_DIAG_CPU, print_value, print_string);
	sys_exit(0);
}
