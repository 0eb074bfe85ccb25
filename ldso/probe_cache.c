/* The probe cache: what the machine's start-up probes of the processor
   returned, kept per user and per kernel boot, so that a later start reads
   one small file instead of probing again.  The arch decides when it pays
   (a probe that traps to a hypervisor costs more than this file's system
   calls) and what to keep: a key (what identifies the processor) and a
   payload (its table of results).  Here they are kept with
   the loader's build-id, checked by size and checksum; any mismatch is a
   miss, and the arch probes live and stores again.
   The boot is told by where the file lives, not by what it says: a
   directory of ours on a tmpfs ($XDG_RUNTIME_DIR/ld-custom, else
   /dev/shm/ld-custom-UID), which a reboot empties and no other machine
   shares, so a start reads no boot id (three system calls, 12-18 us here).
   A store checks that the directory is ours, 0700 and on a tmpfs; a file
   is read only if it is ours and 0600 (lc_open_checked).  The file is named
   by the loader and the key: two builds used in turn keep one each.
   Never in secure mode (the arch asks).  The threat model is in the README. */
#include <fcntl.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include "launch_cache.h"
#include "probe_cache.h"

#define PC_MAGIC	"ldcPC\0\0\2"	/* the last byte is the format's version */
#define PC_PREFIX	"probes-"
#define PC_NAME_LEN	(sizeof PC_PREFIX - 1 + 33)	/* PREFIX LOADER-KEY */
#define TMPFS_MAGIC	0x01021994
#define RAMFS_MAGIC	0x858458f6

struct pc_head {
	char magic[8];
	uint64_t sum;		/* lc_checksum of the file past this field */
	uint64_t size;		/* the whole file */
	uint64_t loader;	/* the loader's build-id, hashed */
	uint32_t keylen, paylen;	/* multiples of 8; key then payload follow */
};

static struct {
	int state;		/* 0 not tried, 1 ready, -1 unusable */
	int absent;		/* probe_cache_load found no file */
	uint64_t loader;
	char dir[256];		/* the store directory, then "/" and the name */
	size_t dirlen;
	union {
		struct pc_head h;
		unsigned char b[PROBE_CACHE_MAX];
	} f;			/* the file read, or being written */
} pc;

/* n lowercase hex digits of v at out; returns out + n (no rt_snprintf: every
   start on a VM formats this path) */
static char *put_hex(char *out, uint64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--, v >>= 4)
		out[i] = "0123456789abcdef"[v & 15];
	return out + n;
}

/* the store's path and the loader's identity, once; 0 when there is none */
static int pc_ready(void)
{
	if (pc.state)
		return pc.state > 0;
	pc.state = -1;
	if (!(pc.loader = lc_loader_id()))
		return 0;
	const char *run = env_get("XDG_RUNTIME_DIR");
	int shm = !run || run[0] != '/';	/* then /dev/shm/ld-custom-EUID */
	if (shm)
		run = "/dev/shm";
	const char *sub = shm ? "/ld-custom-" : "/ld-custom";
	size_t n = strlen(run), m = strlen(sub);
	if (n + m + 20 + 1 + PC_NAME_LEN >= sizeof pc.dir)
		return 0;
	memcpy(pc.dir, run, n);
	memcpy(pc.dir + n, sub, m);
	n += m;
	if (shm) {
		char digits[20];
		int k = 0;
		for (uint64_t uid = aux_or(AT_EUID, 0); k == 0 || uid; uid /= 10)
			digits[k++] = '0' + uid % 10;
		while (k)
			pc.dir[n++] = digits[--k];
	}
	pc.dirlen = n;
	pc.state = 1;
	return 1;
}

/* the file's path, after the directory: "/probes-LOADER-KEY" (a hash of the
   key: a start whose key has no file pays one failed open, not a read and a
   checksum, and two keys never rewrite each other's file) */
static void pc_name(const void *key, uint32_t keylen)
{
	char *p = pc.dir + pc.dirlen;
	*p++ = '/';
	memcpy(p, PC_PREFIX, sizeof PC_PREFIX - 1);
	p = put_hex(p + sizeof PC_PREFIX - 1, pc.loader, 16);
	*p++ = '-';
	p = put_hex(p, lc_hash(0xcbf29ce484222325ULL, key, keylen), 16);
	*p = 0;
}

static size_t pc_size(uint32_t keylen, uint32_t paylen)
{
	return sizeof(struct pc_head) + (size_t)keylen + paylen;
}

/* NULL when the file in pc.f (len bytes) is whole and holds this key */
static const char *pc_check(size_t len, const void *key, uint32_t keylen, size_t cap)
{
	const struct pc_head *h = &pc.f.h;
	if (len < sizeof *h || memcmp(h->magic, PC_MAGIC, sizeof h->magic))
		return "not a probe cache file of this format";
	if (h->keylen > PROBE_CACHE_MAX || h->paylen > PROBE_CACHE_MAX ||
	    h->size != len || pc_size(h->keylen, h->paylen) != len || (h->keylen | h->paylen) & 7)
		return "truncated or sizes inconsistent";
	if (lc_checksum(pc.f.b + 16, len - 16) != h->sum)
		return "checksum mismatch";
	if (h->loader != pc.loader)
		return "another loader's";
	if (h->keylen != keylen || memcmp(pc.f.b + sizeof *h, key, keylen) || h->paylen > cap)
		return "another processor's";
	return 0;
}

long probe_cache_load(const void *key, uint32_t keylen, void *out, size_t cap)
{
	if (!pc_ready())
		return -1;
	pc_name(key, keylen);
	long fd;
	size_t len, got = 0;
	const char *why = lc_open_checked(AT_FDCWD, pc.dir, sizeof(struct pc_head),
					  PROBE_CACHE_MAX, &fd, &len);
	pc.absent = why && !strcmp(why, "missing");
	if (why)
		return -1;
	while (got < len) {
		long r = sys_pread(fd, pc.f.b + got, len - got, got);
		if (r <= 0)
			break;
		got += r;
	}
	sys_close(fd);
	if (got != len || pc_check(len, key, keylen, cap))
		return -1;
	memcpy(out, pc.f.b + sizeof pc.f.h + keylen, pc.f.h.paylen);
	return pc.f.h.paylen;
}

/* the store directory, made if missing: ours, 0700, on a tmpfs (a reboot
   empties it), or -1 */
static long pc_open_dir(void)
{
	pc.dir[pc.dirlen] = 0;
	int fl = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
	long fd = sys_openat(AT_FDCWD, pc.dir, fl, 0);
	if (fd == -ENOENT) {
		sys_mkdir(pc.dir, 0700);
		fd = sys_openat(AT_FDCWD, pc.dir, fl, 0);
	}
	pc.dir[pc.dirlen] = '/';
	struct stat st;
	struct statfs sf;
	if (fd >= 0 && (sys_fstat(fd, &st) < 0 || st.st_uid != aux_or(AT_EUID, (uint64_t)-1) ||
			(st.st_mode & 077) || sys_fstatfs(fd, &sf) < 0 ||
			(sf.f_type != TMPFS_MAGIC && sf.f_type != RAMFS_MAGIC))) {
		sys_close(fd);
		fd = -1;
	}
	return fd;
}

/* the files of the format before this one (probes-BOOT_ID[-LOADER], each
   boot's kept in the launch cache's store) are removed by a store, once a
   boot; never a writer's temporary (NAME.PID.tmp) */
static void remove_old_format(void)
{
	char *buf = scratch_need(PATH_MAX_LEN + 4096), *names = buf + PATH_MAX_LEN;
	long dfd = lc_dir(buf, PATH_MAX_LEN, 0, 0) ? -1 :
		   sys_openat(AT_FDCWD, buf, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	long n;
	while (dfd >= 0 && (n = sys_getdents64(dfd, names, 4096)) > 0) {
		for (long at = 0; at + 19 < n;) {
			unsigned short reclen;
			memcpy(&reclen, names + at + 16, 2);	/* struct linux_dirent64 */
			if (reclen < 20 || at + reclen > n)
				break;
			const char *d = names + at + 19;
			size_t len = str_len_max(d, reclen - 19);
			int whole = len < (size_t)reclen - 19;
			int tmp = len >= 4 && !strcmp(d + len - 4, ".tmp");
			if (whole && !tmp && !strncmp(d, PC_PREFIX, sizeof PC_PREFIX - 1))
				sys_unlinkat(dfd, d);
			at += reclen;
		}
	}
	if (dfd >= 0)
		sys_close(dfd);
	scratch_put(buf);
}

void probe_cache_store(const void *key, uint32_t keylen, const void *payload, uint32_t paylen)
{
	if ((keylen | paylen) & 7 || pc_size(keylen, paylen) > PROBE_CACHE_MAX || !pc_ready())
		return;
	pc_name(key, keylen);
	struct pc_head *h = &pc.f.h;
	memset(h, 0, sizeof *h);
	memcpy(h->magic, PC_MAGIC, sizeof h->magic);
	h->size = pc_size(keylen, paylen);
	h->loader = pc.loader;
	h->keylen = keylen;
	h->paylen = paylen;
	memcpy(pc.f.b + sizeof *h, key, keylen);
	memcpy(pc.f.b + sizeof *h + keylen, payload, paylen);
	h->sum = lc_checksum(pc.f.b + 16, h->size - 16);
	long dfd = pc_open_dir();
	if (dfd >= 0) {
		lc_write_file(dfd, pc.dir + pc.dirlen + 1, pc.f.b, h->size, !pc.absent);
		sys_close(dfd);
	}
	remove_old_format();
}
