/* glibc's struct link_map of every object: filled from struct dso when the
   object is registered, and its state bits and chain as the core changes
   them.  Outside glibc/ nothing writes these fields (scripts/check-glibc-writes);
   the scope arrays are stored by glibc/scope.c. */
#include "glibc/glibc.h"

#define GLIBC_DT_NUM 38	/* glibc's l_info: tags below this index directly (elf/elf.h DT_NUM) */

static struct libname_list *libname_new(const char *name)
{
	/* a copy: dlopen's argument and expanded paths do not outlive the call */
	struct libname_list *n = rt_calloc(1, sizeof *n);
	if (n) {
		n->name = str_dup(name);
		n->dont_free = 1;	/* libc's __libc_freeres must leave it alone */
	}
	return n;
}

void dso_add_name(struct dso *d, const char *name)
{
	struct libname_list **p = &d->lm.l_libname;
	for (; *p; p = &(*p)->next)
		if (!strcmp((*p)->name, name))
			return;
	*p = libname_new(name);
}

/* where the object lies and what its program headers said */
static void publish_layout(struct dso *d)
{
	struct link_map *lm = &d->lm;
	lm->l_addr = d->base;
	lm->l_ns = d->ns;
	lm->l_name = (char *)(d->kind == DSO_MAIN ? "" : d->name);
	lm->l_ld = d->dynamic;
	lm->l_real = lm;
	lm->l_phdr = (void *)d->phdr;
	lm->l_phnum = d->phnum;
	lm->l_map_start = d->map_start;
	lm->l_map_end = d->map_end;
	lm->l_text_end = d->map_end;
	lm->l_relro_addr = d->relro_start;
	lm->l_relro_size = d->relro_end - d->relro_start;
	lm->l_flags = d->flags;
	lm->l_flags_1 = d->flags_1;
	lm->l_versyms = (void *)d->versym;
	lm->l_versions = d->versions;
	lm->l_nversions = d->nversions;
	lm->l_tls_initimage = (void *)d->tls_image;
	lm->l_tls_initimage_size = d->tls_filesz;
	lm->l_tls_blocksize = d->tls_memsz;
	lm->l_tls_align = d->tls_align;
	lm->l_tls_firstbyte_offset = d->tls_firstbyte;
	lm->l_entry = d->entry;
	LM_BIT_SET(d, L_PHDR_ALLOCATED, d->phdr_owned);
	LM_BIT_SET(d, L_LD_READONLY, d->dyn_readonly);
}

/* the hash table, in the fields glibc's do_lookup_x reads */
static void publish_hash(struct dso *d)
{
	struct link_map *lm = &d->lm;
	if (d->gnu_buckets) {
		lm->l_nbuckets = d->gnu_nbuckets;
		lm->l_gnu_bitmask_idxbits = d->gnu_bloom_mask;
		lm->l_gnu_shift = d->gnu_shift;
		lm->l_gnu_bitmask = (void *)d->gnu_bloom;
		lm->l_gnu_buckets = (void *)d->gnu_buckets;
		lm->l_gnu_chain_zero = (void *)d->gnu_chain;
	} else if (d->sysv_hash) {
		lm->l_nbuckets = d->sysv_hash[0];
		lm->l_buckets = (void *)(d->sysv_hash + 2);
		lm->l_chain = (void *)(d->sysv_hash + 2 + d->sysv_hash[0]);
	}
}

/* glibc rebases d_ptr entries in place and indexes them in l_info; third-party
   code expects both */
static void publish_dynamic(struct dso *d)
{
	struct link_map *lm = &d->lm;
	if (!d->dynamic)
		return;
	if (!d->dyn_readonly && d->kind != DSO_LDSO) {
		for (Elf64_Dyn *dyn = d->dynamic; dyn->d_tag != DT_NULL; dyn++) {
			switch (dyn->d_tag) {
			case DT_HASH: case DT_PLTGOT: case DT_STRTAB: case DT_SYMTAB:
			case DT_RELA: case DT_REL: case DT_RELR: case DT_JMPREL:
			case DT_VERSYM: case DT_GNU_HASH:
				dyn->d_un.d_ptr += d->base;
			}
		}
	}
	for (Elf64_Dyn *dyn = d->dynamic; dyn->d_tag != DT_NULL; dyn++) {
		long t = dyn->d_tag;
		unsigned idx;
		if (t >= 0 && t < GLIBC_DT_NUM)
			idx = t;
		else if (t >= DT_VERSYM && t <= DT_VERNEEDNUM)
			idx = GLIBC_DT_NUM + (DT_VERNEEDNUM - t);	/* glibc's VERSYMIDX */
		else if (t == DT_GNU_HASH)
			idx = 79;				/* glibc's ADDRIDX(DT_GNU_HASH) */
		else
			continue;
		if (idx && idx < sizeof lm->l_info / sizeof lm->l_info[0])
			lm->l_info[idx] = dyn;
	}
}

/* glibc's link_map for a freshly decoded object (fields libc and debuggers read) */
void glibc_publish_dso(struct dso *d)
{
	struct link_map *lm = &d->lm;
	publish_layout(d);
	publish_hash(d);
	LM_BIT_SET(d, L_TYPE, d->kind == DSO_MAIN ? LT_EXECUTABLE : LT_LIBRARY);
	LM_BIT_SET(d, L_CONTIGUOUS, 1);
	if (d->kind == DSO_MAIN)
		LM_BIT_SET(d, L_MAIN_MAP, 1);
	/* glibc's rtld names the program it was started for "" (sotruss prints it so) */
	if (!lm->l_libname)
		lm->l_libname = libname_new(d->kind == DSO_MAIN && !L.command ? "" : d->name);
	/* who caused the load: dlsym(RTLD_NEXT) walks this up to its scope */
	glibc_publish_loader(d);
	if (d->soname)
		dso_add_name(d, d->soname);
	/* l_searchlist is the object alone until a dlopen group or the main scope says more */
	lm->l_searchlist.r_list = (void *)&d->lm.l_real;
	lm->l_searchlist.r_nlist = 1;
	lm->l_symbolic_searchlist.r_list = (void *)&d->lm.l_real;
	lm->l_symbolic_searchlist.r_nlist = 1;
	lm->l_local_scope[0] = &lm->l_searchlist;
	lm->l_scope = lm->l_scope_mem;
	lm->l_scope_max = sizeof lm->l_scope_mem / sizeof lm->l_scope_mem[0];
	publish_dynamic(d);
}

/* the command form: glibc names its own link_map by the path it was run as
   (rtld.c: l_name = argv[0]), so debuggers find the file at its address;
   the program's PT_INTERP stays its name for DT_NEEDED (l_libname) */
void glibc_publish_self_path(const char *argv0)
{
	L.self->lm.l_name = (char *)argv0;
}

/* LD_PROFILE's object: libc's _dl_mcount_wrapper_check counts calls into it */
void glibc_publish_profile_map(struct dso *d)
{
	GL->_dl_profile_map = &d->lm;
}

/* who caused the load: dlsym(RTLD_NEXT) walks this up to its scope */
void glibc_publish_loader(struct dso *d)
{
	d->lm.l_loader = d->loaded_by ? &d->loaded_by->lm : 0;
}

void glibc_publish_relocated(struct dso *d)
{
	LM_BIT_SET(d, L_RELOCATED, 1);
}

void glibc_publish_init_called(struct dso *d)
{
	LM_BIT_SET(d, L_INIT_CALLED, 1);
}

/* dlinfo(RTLD_DI_ORIGIN) reads it: -1 when it could not be determined */
void glibc_publish_origin(struct dso *d)
{
	d->lm.l_origin = d->origin ? d->origin : (char *)(uintptr_t)-1;
}

void glibc_publish_opencount(struct dso *d)
{
	d->lm.l_direct_opencount = d->opencount;
}

/* a dlopen'ed object: glibc's lt_loaded */
void glibc_publish_loaded(struct dso *d)
{
	LM_BIT_SET(d, L_TYPE, LT_LOADED);
}

/* dl_iterate_phdr's dlpi_adds: one more object added */
void glibc_publish_load_add(void)
{
	GL->_dl_load_adds++;
}

/* auditing: how many modules libc's dlsym must consult (_dl_audit_symbind_alt),
   and d's audit bits */
void glibc_publish_audit(struct dso *d)
{
	GLRO->_dl_naudit = L.naudit;
	if (d) {
		LM_BIT_SET(d, L_AUDITING, d->auditing);
		LM_BIT_SET(d, L_AUDIT_ANY_PLT, d->audit_any_plt);
	}
}

/* the loader as glibc lists it in every namespace but the first: a proxy
   link_map whose l_real is the loader's own */
static struct link_map *ldso_proxy[DL_NNS] COLD_BSS;

static struct link_map *proxy_for(long ns)
{
	if (!ldso_proxy[ns]) {
		struct link_map *p = rt_calloc(1, sizeof *p), *self = &L.self->lm;
		if (!p)
			dl_fatal("cannot create a namespace", "out of memory");
		p->l_addr = self->l_addr;
		p->l_name = self->l_name;
		p->l_ld = self->l_ld;
		p->l_real = self;
		p->l_ns = ns;
		p->l_libname = self->l_libname;
		ldso_proxy[ns] = p;
	}
	return ldso_proxy[ns];
}

/* namespaces up to here were published non-empty once: they are rewritten */
static long published_nns = 1;

/* d needs the loader (libc does): glibc lists its proxy in d's namespace */
static int needs_loader(const struct dso *d)
{
	for (size_t i = 0; i < d->ndeps; i++)
		if (d->deps[i] == L.self)
			return 1;
	return 0;
}

/* every namespace's chain in load order, its loader proxy last when an
   object there needs the loader (glibc maps it as a dependency; a namespace
   of objects without libc has none): one pass over the load-order list;
   counts[ns] how many namespace ns lists.
   Returns how many namespaces have anything (glibc's _dl_nns). */
static long link_namespaces(unsigned counts[DL_NNS])
{
	struct link_map *first[DL_NNS], *last[DL_NNS];
	unsigned char proxy[DL_NNS] = { 0 };
	long nns = 1;
	for (long ns = 0; ns < DL_NNS; ns++)
		counts[ns] = 0;
	for (struct dso *d = L.head; d; d = d->next) {
		long ns = d->ns;
		if (d->missing)
			continue;
		if (counts[ns]++) {
			d->lm.l_prev = last[ns];
			last[ns]->l_next = &d->lm;
		} else {
			d->lm.l_prev = 0;
			first[ns] = &d->lm;
			if (ns >= nns)
				nns = ns + 1;
		}
		last[ns] = &d->lm;
		if (ns && !proxy[ns])
			proxy[ns] = needs_loader(d);
	}
	long upto = nns > published_nns ? nns : published_nns;
	for (long ns = 0; ns < upto; ns++) {
		if (!counts[ns]) {
			GL->_dl_ns[ns]._ns_loaded = 0;
			GL->_dl_ns[ns]._ns_nloaded = 0;
			continue;
		}
		if (proxy[ns]) {
			struct link_map *p = proxy_for(ns);
			p->l_prev = last[ns];
			last[ns]->l_next = p;
			last[ns] = p;
			counts[ns]++;
		}
		last[ns]->l_next = 0;
		GL->_dl_ns[ns]._ns_loaded = first[ns];
		GL->_dl_ns[ns]._ns_nloaded = counts[ns];
	}
	published_nns = nns;
	return nns;
}

/* After placement, a dlopen or dlclose: l_next/l_prev and the counts libc's
   dl_iterate_phdr reads, per namespace, under the write lock.  counts[ns]:
   how many objects namespace ns lists now (0: empty). */
void glibc_publish_namespaces(unsigned counts[DL_NNS])
{
	if (libc_fns.mutex_lock)
		libc_fns.mutex_lock(GL->_dl_load_write_lock);
	GL->_dl_nns = link_namespaces(counts);
	find_object_update();
	if (libc_fns.mutex_unlock)
		libc_fns.mutex_unlock(GL->_dl_load_write_lock);
}
