/* Symbol versions: the per-object index table, and the load-time check that
   every needed version exists (glibc elf/dl-version.c semantics). */
#include "ldso.h"

/* version records hold 32-bit words: in bounds and 4-byte aligned */
static int rec_ok(const struct dso *d, const void *p, size_t size)
{
	return !((uintptr_t)p & 3) && dso_addr_ok(d, (uintptr_t)p, size);
}

static int str_ok(const struct dso *d, size_t off)
{
	return off < d->strings_size;
}

/* walk a verdef/verneed chain safely; returns NULL at the end or on a bad link */
#define NEXT(p, off) ((off) ? (const void *)((const char *)(p) + (off)) : 0)

const char *dso_build_versions(struct dso *d)
{
	size_t max = 0;
	const Elf64_Verdef *vd;
	const Elf64_Verneed *vn;
	size_t n;

	if (!d->versym && !d->verdef && !d->verneed)
		return 0;
	if (!d->strings)
		return "version tables without a string table";
	for (vd = d->verdef, n = 0; vd && n < d->verdefnum; vd = NEXT(vd, vd->vd_next), n++) {
		if (!rec_ok(d, vd, sizeof *vd))
			return "version definition outside the mapping";
		if (vd->vd_version != 1)	/* glibc refuses other record versions */
			return "unsupported version of Verdef record";
		if ((vd->vd_ndx & 0x7fff) > max)
			max = vd->vd_ndx & 0x7fff;
	}
	for (vn = d->verneed, n = 0; vn && n < d->verneednum; vn = NEXT(vn, vn->vn_next), n++) {
		if (!rec_ok(d, vn, sizeof *vn))
			return "version requirement outside the mapping";
		if (vn->vn_version != 1)
			return "unsupported version of Verneed record";
		const Elf64_Vernaux *a = NEXT(vn, vn->vn_aux);
		for (unsigned k = 0; a && k < vn->vn_cnt; k++, a = NEXT(a, a->vna_next)) {
			if (!rec_ok(d, a, sizeof *a))
				return "version requirement outside the mapping";
			if ((a->vna_other & 0x7fff) > max)
				max = a->vna_other & 0x7fff;
		}
	}
	d->nversions = max + 1;
	d->versions = rt_calloc(d->nversions, sizeof(version_t));
	if (!d->versions)
		return "out of memory";
	for (vd = d->verdef, n = 0; vd && n < d->verdefnum; vd = NEXT(vd, vd->vd_next), n++) {
		if (vd->vd_flags & VER_FLG_BASE)
			continue;	/* glibc leaves the base entry empty */
		const Elf64_Verdaux *a = NEXT(vd, vd->vd_aux);
		if (!a || !rec_ok(d, a, sizeof *a) || !str_ok(d, a->vda_name))
			return "corrupt version definition";
		version_t *v = &d->versions[vd->vd_ndx & 0x7fff];
		v->name = (char *)d->strings + a->vda_name;
		v->hash = vd->vd_hash;
		v->hidden = (vd->vd_ndx & 0x8000) != 0;
		v->filename = 0;
	}
	for (vn = d->verneed, n = 0; vn && n < d->verneednum; vn = NEXT(vn, vn->vn_next), n++) {
		if (!str_ok(d, vn->vn_file))
			return "corrupt version requirement";
		const Elf64_Vernaux *a = NEXT(vn, vn->vn_aux);
		for (unsigned k = 0; a && k < vn->vn_cnt; k++, a = NEXT(a, a->vna_next)) {
			if (!str_ok(d, a->vna_name))
				return "corrupt version requirement";
			version_t *v = &d->versions[a->vna_other & 0x7fff];
			v->name = (char *)d->strings + a->vna_name;
			v->hash = a->vna_hash;
			v->hidden = (a->vna_other & 0x8000) != 0;
			v->filename = (char *)d->strings + vn->vn_file;
		}
	}
	return 0;
}

static struct dso *dep_by_name(struct dso *d, const char *file)
{
	for (size_t i = 0; i < d->ndeps; i++) {
		struct dso *dep = d->deps[i];
		if (dep && dep->soname && !strcmp(dep->soname, file))
			return dep;
	}
	for (size_t i = 0; i < d->ndeps; i++) {
		struct dso *dep = d->deps[i];
		const char *base = dep ? strrchr(dep->name, '/') : 0;
		if (dep && !strcmp(base ? base + 1 : dep->name, file))
			return dep;
		/* glibc's _dl_name_match_p: a DT_NEEDED with a slash names it as loaded */
		if (dep && (!strcmp(dep->name, file) || dso_has_name(dep, file)))
			return dep;
	}
	return 0;
}

/* the dependency's version table (built from its validated definitions) */
static int defines_version(const struct dso *d, const char *name, uint32_t hash)
{
	for (size_t i = 0; i < d->nversions; i++) {
		const version_t *v = &d->versions[i];
		if (v->hash == hash && v->name && !v->filename && !strcmp(v->name, name))
			return 1;
	}
	return 0;
}

int dso_check_versions(struct dso *d, char *err, size_t errlen)
{
	const Elf64_Verneed *vn = d->verneed;
	for (size_t n = 0; vn && n < d->verneednum; vn = NEXT(vn, vn->vn_next), n++) {
		if (!rec_ok(d, vn, sizeof *vn) || !str_ok(d, vn->vn_file)) {
			rt_snprintf(err, errlen, "%s: corrupt version requirements", d->name);
			return -1;
		}
		const char *file = d->strings + vn->vn_file;
		struct dso *dep = dep_by_name(d, file);
		/* glibc: an object without version definitions satisfies everything */
		if (!dep || (!dep->verdef && !(L.debug & DEBUG_VERSIONS)))
			continue;
		const Elf64_Vernaux *a = NEXT(vn, vn->vn_aux);
		for (unsigned k = 0; a && k < vn->vn_cnt; k++, a = NEXT(a, a->vna_next)) {
			if (!rec_ok(d, a, sizeof *a) || !str_ok(d, a->vna_name)) {
				rt_snprintf(err, errlen, "%s: corrupt version requirements",
					    d->name);
				return -1;
			}
			const char *vname = d->strings + a->vna_name;
			if (L.debug & DEBUG_VERSIONS)
				dl_debug("checking for version `%s' in file %s [%ld] required by "
					 "file %s [%ld]", vname, dep->name, dep->ns,
					 d->kind == DSO_MAIN ? L.progname : d->name, d->ns);
			if ((a->vna_flags & VER_FLG_WEAK) || !dep->verdef)
				continue;
			if (!defines_version(dep, vname, a->vna_hash)) {
				/* glibc's words: the object lacking the version speaks */
				explain_version(d, dep, vname);
				rt_snprintf(err, errlen,
					    "%s: version `%s' not found (required by %s)",
					    dep->name, vname,
					    d->kind == DSO_MAIN ? L.progname : d->name);
				return -1;
			}
		}
	}
	return 0;
}
