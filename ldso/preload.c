/* Preloading at start-up, as glibc's rtld: LD_PRELOAD, then --preload, then
   /etc/ld.so.preload, each object loaded before the program's dependencies.
   One that cannot be loaded is reported in glibc's words and skipped. */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "ldso.h"

#define PRELOAD_FILE "/etc/ld.so.preload"
#define SECURE_NAME_LIMIT 255	/* glibc's dl-main.h (NAME_MAX) */

/* glibc reports only the error string, without the object's name before it
   or the errno text _dl_signal_error keeps apart: our messages carry both */
static const char *preload_detail(char *msg)
{
	static const char *const errno_after[] = {
		"cannot open shared object file: ", "cannot read file data: ", 0
	};
	char *sep = strchr(msg, ':');
	if (sep && sep[1] == ' ')
		msg = sep + 2;
	for (const char *const *p = errno_after; *p; p++) {
		size_t n = strlen(*p);
		if (!strncmp(msg, *p, n))
			msg[n - 2] = 0;
	}
	return msg;
}

static int has_slash(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/')
			return 1;
	return 0;
}

static void preload_warn(const char *name, const char *where, char *err)
{
	rt_dprintf(2, "ERROR: ld.so: object '%s' from %s cannot be preloaded (%s): ignored.\n",
		   name, where, preload_detail(err));
}

/* which list named it (--tree shows it) */
static unsigned char preload_kind(const char *where)
{
	return where[0] == 'L' ? PRELOAD_ENV : where[0] == '-' ? PRELOAD_ARG : PRELOAD_CONF;
}

/* glibc's do_preload: a failure is reported and start-up goes on without it */
static void preload_one(const char *name, struct dso *main, const char *where)
{
	char *err = scratch_need(ERR_MAX);
	struct dso *d = load_library_try(name, main, 0, L.secure, err, ERR_MAX);
	if (!d)
		preload_warn(name, where, err);
	else if (!d->listed && d != L.self) {
		d->preloaded = preload_kind(where);
		place_list(d);
	}
	scratch_put(err);
}

/* LD_PRELOAD and --preload: names separated by spaces or colons */
static void preload_list(const char *list, struct dso *main, const char *where)
{
	char *name = scratch_need(PATH_MAX_LEN);
	while (*list) {
		size_t n = 0;
		while (list[n] && list[n] != ' ' && list[n] != ':')
			n++;
		/* glibc's dso_name_valid_for_suid: secure mode takes no directory
		   names, nor long ones */
		int ok = n && n < PATH_MAX_LEN &&
			 !(L.secure && (n >= SECURE_NAME_LIMIT || has_slash(list, n)));
		if (ok) {
			memcpy(name, list, n);
			name[n] = 0;
			preload_one(name, main, where);
		}
		list += n;
		if (*list)
			list++;
	}
	scratch_put(name);
}

static int file_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ':';
}

/* glibc's comment removal, quirk included: each '#' up to its newline becomes
   spaces, but the next '#' is looked for from the file's start within only as
   many bytes as were left after the last comment */
static void strip_comments(char *file, size_t size)
{
	size_t rest = size;
	while (rest > 0) {
		size_t at = 0;
		while (at < rest && file[at] != '#')
			at++;
		if (at == rest)
			break;
		char *c = file + at;
		rest -= at;
		do
			*c = ' ';
		while (--rest > 0 && *++c != '\n');
	}
}

/* glibc's parse: the file is a C string (a NUL ends it) of names separated by
   white space or colons, except a last name without a separator after it,
   which is always loaded (up to a NUL in it) */
static void preload_names(char *file, size_t size, struct dso *main)
{
	size_t last = size;	/* where that last name starts; size if there is none */
	if (!file_sep(file[size - 1])) {
		while (last > 0 && !file_sep(file[last - 1]))
			last--;
		if (last > 0)
			file[last - 1] = 0;
	} else
		file[size - 1] = 0;
	char *name = scratch_need(PATH_MAX_LEN);
	for (size_t i = 0; last > 0 && file[i];) {
		size_t n = 0;
		while (file[i + n] && !file_sep(file[i + n]))
			n++;
		if (n && n < PATH_MAX_LEN) {
			memcpy(name, file + i, n);
			name[n] = 0;
			preload_one(name, main, PRELOAD_FILE);
		}
		i += n + (file[i + n] != 0);
	}
	size_t n = 0;
	while (last + n < size && file[last + n])
		n++;
	/* an empty name is glibc's vDSO's first name (setup_vdso): found, nothing said */
	if (last < size && n && n < PATH_MAX_LEN) {
		memcpy(name, file + last, n);
		name[n] = 0;
		preload_one(name, main, PRELOAD_FILE);
	}
	scratch_put(name);
}

/* /etc/ld.so.preload: read whole, in secure mode too (glibc) */
static void preload_file(struct dso *main)
{
	long fd = sys_open(PRELOAD_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	struct stat st;
	char *file = 0;
	size_t size = 0;
	if (!sys_fstat(fd, &st) && st.st_size > 0) {
		size = st.st_size;
		file = sys_mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	}
	sys_close(fd);
	if (!file || mmap_failed(file))
		return;
	strip_comments(file, size);
	preload_names(file, size, main);
	sys_munmap(file, size);
}

void load_preloads(struct dso *main)
{
	if (L.preload)
		preload_list(L.preload, main, "LD_PRELOAD");
	if (L.preload_arg)
		preload_list(L.preload_arg, main, "--preload");
	preload_file(main);
}
