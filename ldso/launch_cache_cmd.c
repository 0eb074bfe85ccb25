/* ./ld-custom.so --cache show|verify|clear [PROGRAM]: the launch cache's
   entries, all of them or PROGRAM's (any inputs), listed, checked against
   the files they name, or removed. */
#include <fcntl.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include "launch_cache.h"

struct dirent64 { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type;
		  char name[]; };

/* an entry's file name: 16 hex digits, '-', 16 hex digits (a temporary adds
   ".PID.tmp") */
static int entry_name(const char *s, int *tmp)
{
	for (int i = 0; i < 33; i++)
		if (i == 16 ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') ||
					       (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	*tmp = s[33] != 0;
	return !s[33] || (s[33] == '.' && strlen(s) > 37 && !strcmp(s + strlen(s) - 4, ".tmp"));
}

/* does an object still match what the entry recorded?  (build-ids are not
   read here: the file would have to be opened and parsed) */
static const char *object_changed(const struct lc_obj *o, const char *path)
{
	struct stat st;
	struct lc_obj now;
	if (!o->dev && !o->ino)
		return 0;	/* the loader or the vDSO: keyed by build-id alone */
	if (sys_stat(path, &st) < 0)
		return "gone";
	lc_stat_identity(&now, &st);
	if (now.dev != o->dev || now.ino != o->ino)
		return "another file";
	if (now.size != o->size || now.mtime_ns != o->mtime_ns || now.ctime_ns != o->ctime_ns)
		return "changed";
	return 0;
}

/* one entry: its summary, and with verify each object checked; 1 when not usable */
static int show_entry(int dfd, const char *name, int verify)
{
	void *f;
	size_t len;
	const char *why = lc_read(dfd, name, &f, &len);
	if (!why)
		why = lc_check(f, len);
	if (why) {
		rt_dprintf(1, "%s: unusable (%s): ignored and rewritten at the next start\n",
			   name, why);
		if (f)
			sys_munmap(f, len);
		return 1;
	}
	const struct lc_head *h = f;
	const struct lc_obj *o = lc_objs(h);
	const char *names = lc_names(h);
	rt_dprintf(1, "%s: %s: %u objects, %u bindings, %zu bytes\n", name,
		   h->nobjs ? names + o[0].name : "?", h->nobjs, h->nentries, len);
	int bad = 0;
	for (uint32_t i = 0; verify && i < h->nobjs; i++) {
		const char *c = object_changed(&o[i], names + o[i].name);
		if (c)
			rt_dprintf(1, "  stale: %s: %s\n", names + o[i].name, c);
		bad |= c != 0;
	}
	if (verify)
		rt_dprintf(1, "  %s\n", bad ? "stale: rewritten at the next start" : "ok");
	sys_munmap(f, len);
	return bad;
}

static _Noreturn void cmd_usage(void)
{
	rt_dprintf(2, "Usage: %s --cache show|verify|clear [PROGRAM]\n", LDSO_NAME);
	sys_exit(1);
}

/* every entry in the store (PROGRAM's when prefix is set): shown, verified or removed */
static int walk_store(int dfd, const char *prefix, char action)
{
	char *buf = scratch_need(4096);
	int bad = 0, n = 0;
	long got;
	while ((got = sys_getdents64(dfd, buf, 4096)) > 0) {
		for (long off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			int tmp;
			off += de->reclen;
			if (!entry_name(de->name, &tmp) || (prefix && memcmp(de->name, prefix, 16)))
				continue;
			if (action == 'c')
				n += !sys_unlinkat(dfd, de->name) && !tmp;
			else if (!tmp)
				bad |= show_entry(dfd, de->name, action == 'v'), n++;
		}
	}
	scratch_put(buf);
	if (action == 'c')
		rt_dprintf(1, "%d entries removed\n", n);
	else if (!n)
		rt_dprintf(1, "no entries\n");
	return bad;
}

void lcache_command(int argc, char **argv)
{
	if (argc < 1 || argc > 2)
		cmd_usage();
	char action = !strcmp(argv[0], "show") ? 's' : !strcmp(argv[0], "verify") ? 'v' :
		      !strcmp(argv[0], "clear") ? 'c' : 0;
	if (!action)
		cmd_usage();
	char prefix[LC_NAME_LEN], *dir = scratch_need(2 * PATH_MAX_LEN);
	struct stat st;
	if (argc == 2) {
		if (sys_stat(argv[1], &st) < 0)
			dl_fatal("cannot show the launch cache", "%s: no such file", argv[1]);
		lc_prog_hash(prefix, st.st_dev, st.st_ino);
	}
	if (lc_dir(dir, PATH_MAX_LEN, dir + PATH_MAX_LEN, PATH_MAX_LEN))
		dl_fatal("cannot show the launch cache", "neither XDG_CACHE_HOME nor HOME is set");
	long dfd = sys_openat(AT_FDCWD, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	if (dfd < 0) {
		rt_dprintf(1, dfd == -ENOENT ? "no entries\n" : "%s: %s\n", dir, errno_text(dfd));
		sys_exit(dfd == -ENOENT ? 0 : 1);
	}
	int bad = walk_store(dfd, argc == 2 ? prefix : 0, action);
	sys_close(dfd);
	sys_exit(bad);
}
