/* Where libraries are looked for: dynamic string tokens ($ORIGIN, $LIB,
   $PLATFORM) and colon-separated path lists. */
#include "ldso.h"

#define DST_LIB "lib/" ARCH_TRIPLET	/* glibc's $LIB on Debian multiarch */

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Directory of an object, computed once ($ORIGIN): the path it was loaded
   from, or for a program started by the kernel, /proc/self/exe (glibc falls
   back to LD_ORIGIN_PATH when that cannot be read). */
const char *dso_origin(const struct dso *d)
{
	struct dso *m = (struct dso *)d;
	if (m->origin_set)
		return m->origin;
	char *buf = scratch_need(2 * PATH_MAX_LEN), *origin = 0;
	const char *path = d->name;
	if (d->kind == DSO_MAIN && !L.command) {
		long n = sys_readlink("/proc/self/exe", buf, PATH_MAX_LEN - 1);
		if (n > 0) {
			buf[n] = 0;
			path = buf;
		} else
			path = 0;
	}
	const char *slash = path ? strrchr(path, '/') : 0;
	if (!path && L.origin_path) {
		origin = str_dup(L.origin_path);
	} else if (slash && path[0] == '/') {
		origin = str_ndup(path, slash == path ? 1 : (size_t)(slash - path));
	} else if (path) {
		/* relative: prefix the current directory */
		char *cwd = buf + PATH_MAX_LEN;
		long c = sys_getcwd(cwd, PATH_MAX_LEN);
		if (c > 0) {
			size_t clen = strlen(cwd), plen = slash ? (size_t)(slash - path) : 0;
			origin = rt_alloc(clen + 2 + plen);
			if (origin) {
				memcpy(origin, cwd, clen);
				if (plen) {
					origin[clen] = '/';
					memcpy(origin + clen + 1, path, plen);
					origin[clen + 1 + plen] = 0;
				} else
					origin[clen] = 0;
			}
		}
	}
	scratch_put(buf);
	m->origin = origin;
	m->origin_set = 1;
	glibc_publish_origin(m);
	return origin;
}

size_t path_expand(const char *in, size_t inlen, const struct dso *origin_of, char *out,
		   size_t outlen)
{
	size_t o = 0;
	if (!outlen)
		return (size_t)-1;
	for (size_t i = 0; i < inlen;) {
		if (in[i] != '$') {
			if (o + 1 >= outlen)
				return (size_t)-1;
			out[o++] = in[i++];
			continue;
		}
		size_t start = i + 1, end;
		int braced = start < inlen && in[start] == '{';
		if (braced)
			start++;
		for (end = start; end < inlen && is_name_char(in[end]); end++)
			;
		size_t len = end - start;
		const char *rep = 0;
		if (!braced || (end < inlen && in[end] == '}')) {
			if (len == 6 && !strncmp(in + start, "ORIGIN", 6)) {
				/* secure programs may not load from a directory the user
				   controls */
				if (L.secure || !origin_of || !(rep = dso_origin(origin_of)))
					return (size_t)-1;
			} else if (len == 3 && !strncmp(in + start, "LIB", 3))
				rep = DST_LIB;
			else if (len == 8 && !strncmp(in + start, "PLATFORM", 8))
				rep = L.platform ? L.platform : ARCH_NAME;
		}
		if (!rep) {
			/* glibc keeps anything that is not a known token as text */
			if (o + 1 >= outlen)
				return (size_t)-1;
			out[o++] = in[i++];
			continue;
		}
		size_t rlen = strlen(rep);
		if (o + rlen >= outlen)
			return (size_t)-1;
		memcpy(out + o, rep, rlen);
		o += rlen;
		i = end + braced;
	}
	out[o] = 0;
	return o;
}
