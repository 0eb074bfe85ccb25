/* The audit interface (rtld-audit(7)) with glibc 2.36's semantics: the modules
   LD_AUDIT, --audit, DT_AUDIT and DT_DEPAUDIT name, each loaded at start-up
   into a namespace of its own (dlfcn.c dl_load_audit), la_version negotiated,
   then every la_* callback where glibc's loader makes it.  Objects carry their
   per-module cookie and bind flags (struct audit_state) and, when auditing
   binds their PLT, one record per slot (struct audit_plt, glibc's
   reloc_result).  Nothing here runs unless L.naudit is set. */
#include "ldso.h"
#include "glibc/glibc.h"

#define LAV_CURRENT		2
#define LA_FLG_BINDTO		0x01
#define LA_FLG_BINDFROM		0x02
#define LA_SYMB_NOPLTENTER	0x01
#define LA_SYMB_NOPLTEXIT	0x02
#define LA_SYMB_DLSYM		0x08
#define LA_SYMB_ALTVALUE	0x10
#define DT_AUDIT_TAG		0x6ffffefc
#define DT_DEPAUDIT_TAG		0x6ffffefb
#define NAME_LIMIT		255	/* glibc's SECURE_NAME_LIMIT: longer names are skipped */

struct audit_state { uintptr_t cookie; unsigned bindflags; };

typedef Elf64_Sym sym_t;
struct audit_module {
	void (*activity)(uintptr_t *cookie, unsigned flag);
	char *(*objsearch)(const char *name, uintptr_t *cookie, unsigned flag);
	unsigned (*objopen)(struct link_map *map, long lmid, uintptr_t *cookie);
	void (*preinit)(uintptr_t *cookie);
	uintptr_t (*symbind)(sym_t *sym, unsigned ndx, uintptr_t *refcook, uintptr_t *defcook,
			     unsigned *flags, const char *name);
	uintptr_t (*pltenter)(sym_t *sym, unsigned ndx, uintptr_t *refcook, uintptr_t *defcook,
			      void *regs, unsigned *flags, const char *name, long *framesize);
	unsigned (*pltexit)(sym_t *sym, unsigned ndx, uintptr_t *refcook, uintptr_t *defcook,
			    const void *inregs, void *outregs, const char *name);
	void (*objclose)(uintptr_t *cookie);
};

static struct audit_module mods[DL_NNS] COLD_BSS;
static unsigned char ns_adding[DL_NNS];	/* LA_ACT_ADD sent, LA_ACT_CONSISTENT not yet */
static int plt_hooks, symbind_hooks;	/* some module has la_pltenter/exit, la_symbind64 */

/* ---- the list of names ---- */

void audit_request(const char *list)
{
	if (!*list)		/* an empty string loads nothing */
		return;
	if (L.audit_nreq == sizeof L.audit_req / sizeof L.audit_req[0]) {
		rt_dprintf(2, "Fatal glibc error: Too many audit modules requested\n");
		sys_exit(127);
	}
	L.audit_req[L.audit_nreq++] = list;
}

/* DT_AUDIT and DT_DEPAUDIT of the program, after LD_AUDIT and --audit */
void audit_request_dynamic(struct dso *main)
{
	const Elf64_Dyn *audit = 0, *depaudit = 0;
	if (!main->dynamic || !main->strings)
		return;
	for (const Elf64_Dyn *dyn = main->dynamic; dyn->d_tag != DT_NULL; dyn++)
		if (dyn->d_tag == DT_AUDIT_TAG || dyn->d_tag == DT_DEPAUDIT_TAG)
			*(dyn->d_tag == DT_AUDIT_TAG ? &audit : &depaudit) = dyn;
	if (audit && audit->d_un.d_val < main->strings_size)
		audit_request(main->strings + audit->d_un.d_val);
	if (depaudit && depaudit->d_un.d_val < main->strings_size)
		audit_request(main->strings + depaudit->d_un.d_val);
}

/* glibc's audit_list_next: the next name of the colon-separated lists, in buf; a
   set-user-ID program takes no name with a slash (dso_name_valid_for_suid) */
const char *audit_next_name(unsigned *idx, const char **tail, char *buf, size_t len)
{
	for (;;) {
		if (!*tail) {
			if (*idx >= L.audit_nreq)
				return 0;
			*tail = L.audit_req[*idx];
		}
		if (!**tail) {
			++*idx;
			*tail = 0;
			continue;
		}
		size_t n = 0;
		while ((*tail)[n] && (*tail)[n] != ':')
			n++;
		int ok = n > 0 && n < len && n < NAME_LIMIT;
		if (ok) {
			memcpy(buf, *tail, n);
			buf[n] = 0;
		}
		*tail += n + ((*tail)[n] == ':');
		if (ok && !(L.secure && strchr(buf, '/')))
			return buf;
	}
}

/* ---- modules ---- */

static struct audit_state *state(struct dso *d, unsigned i)
{
	if (!d->audit) {
		d->audit = rt_calloc(DL_NNS, sizeof *d->audit);
		if (!d->audit)
			dl_fatal("cannot load auditing interface", "out of memory");
		for (unsigned k = 0; k < DL_NNS; k++)	/* glibc: the link_map's address */
			d->audit[k].cookie = (uintptr_t)&d->lm;
	}
	return &d->audit[i];
}

static void *module_sym(struct dso *root, const char *name)
{
	struct r_scope_elem *scope[2] = { &root->lm.l_searchlist, 0 };
	struct sym_query q;
	struct sym_result r;
	sym_query_init(&q, name, 0, LOOKUP_RETURN_NEWEST);
	if (!scope_find_symbol(scope, &q, 0, &r))
		return 0;
	return (void *)sym_address(r.dso, r.sym);
}

/* glibc's load_audit_module after the dlmopen: la_version, then the callbacks;
   0 when the module is not used (the caller unloads it) */
int audit_add(struct dso *root, const char *name)
{
	unsigned (*version)(unsigned) = module_sym(root, "la_version");
	if (!version) {
		rt_dprintf(2, "ERROR: ld.so: object '%s' cannot be loaded as audit interface: "
			   "undefined symbol: la_version; ignored.\n", name);
		return 0;
	}
	unsigned lav = version(LAV_CURRENT);
	if (lav == 0) {		/* deliberate: glibc says so only with LD_DEBUG=files */
		if (L.debug & DEBUG_FILES)
			dl_debug("file=%s [%ld]; audit interface function la_version returned "
				 "zero; ignored.", root->name, root->ns);
		return 0;
	}
	if (lav > LAV_CURRENT) {
		dl_debug("ERROR: audit interface '%s' requires version %u (maximum supported "
			 "version %d); ignored.", name, lav, LAV_CURRENT);
		return 0;
	}
	struct audit_module *m = &mods[L.naudit];
	m->activity = module_sym(root, "la_activity");
	m->objsearch = module_sym(root, "la_objsearch");
	m->objopen = module_sym(root, "la_objopen");
	m->preinit = module_sym(root, "la_preinit");
	m->symbind = module_sym(root, "la_symbind64");
	m->pltenter = module_sym(root, ARCH_LA_PLTENTER);
	m->pltexit = module_sym(root, ARCH_LA_PLTEXIT);
	m->objclose = module_sym(root, "la_objclose");
	plt_hooks |= m->pltenter || m->pltexit;
	symbind_hooks |= m->symbind != 0;
	L.naudit++;
	root->auditing = 1;
	glibc_publish_audit(root);
	return 1;
}

/* the namespace's first object names it to la_activity; an audit module's is skipped */
static struct dso *ns_head(long ns)
{
	for (struct dso *d = L.head; d; d = d->next)
		if (d->ns == ns && !d->missing && d->kind != DSO_VDSO)
			return d;
	return 0;
}

int audit_ns(long ns)
{
	struct dso *h = ns_head(ns);
	return h && h->auditing;
}

void audit_activity(long ns, int action)
{
	struct dso *h = ns_head(ns);
	ns_adding[ns] = action == LA_ACT_ADD;
	if (!h || h->auditing)
		return;
	for (unsigned i = 0; i < L.naudit; i++)
		if (mods[i].activity)
			mods[i].activity(&state(h, i)->cookie, action);
}

static void objopen(struct dso *d)
{
	for (unsigned i = 0; i < L.naudit; i++) {
		if (!mods[i].objopen)
			continue;
		struct audit_state *s = state(d, i);
		s->bindflags = mods[i].objopen(&d->lm, d->ns, &s->cookie);
		d->audit_any_plt |= s->bindflags != 0;
	}
	glibc_publish_audit(d);
}

/* start-up, the modules loaded: the program and the loader are open, objects come */
void audit_startup_done(struct dso *main)
{
	if (!L.naudit)
		return;
	objopen(main);
	objopen(L.self);
	audit_activity(0, LA_ACT_ADD);
}

/* objects an audit module brings (glibc loads them with __RTLD_AUDIT): its own
   namespace, or a namespace being filled at start-up before the program is linked */
static int audit_side(long ns)
{
	return audit_ns(ns) || (ns && !L.main->relocated);
}

/* an object just placed (mapped and listed): LA_ACT_ADD for the first one of a
   load into its namespace, then la_objopen, unless an audit module's namespace */
void audit_listed(struct dso *d)
{
	if (d->missing)
		return;
	if (!ns_adding[d->ns]) {
		ns_adding[d->ns] = 1;
		if (!audit_side(d->ns))
			audit_activity(d->ns, LA_ACT_ADD);
	}
	if (!audit_ns(d->ns))
		objopen(d);
}

const char *audit_objsearch(const char *name, struct dso *loader, unsigned code)
{
	if (!loader || loader->auditing || !code)
		return name;
	for (unsigned i = 0; i < L.naudit && name; i++)
		if (mods[i].objsearch)
			name = mods[i].objsearch(name, &state(loader, i)->cookie, code);
	return name;
}

void audit_objclose(struct dso *d)
{
	if (audit_ns(d->ns))
		return;
	for (unsigned i = 0; i < L.naudit; i++)
		if (mods[i].objclose)
			mods[i].objclose(&state(d, i)->cookie);
}

/* dlclose empties namespace ns: glibc's copy of the loader there (a proxy
   link_map, never opened to auditing) closes after the last object */
void audit_proxy_close(long ns)
{
	static struct audit_state proxy[DL_NNS] COLD_BSS;
	if (!ns || audit_ns(ns))
		return;
	for (unsigned i = 0; i < L.naudit; i++) {
		proxy[i].cookie = (uintptr_t)&L.self->lm;	/* its l_name is the loader's */
		if (mods[i].objclose)
			mods[i].objclose(&proxy[i].cookie);
	}
}

void audit_preinit(struct dso *main)
{
	for (unsigned i = 0; i < L.naudit; i++)
		if (mods[i].preinit)
			mods[i].preinit(&state(main, i)->cookie);
}

/* ---- bindings ---- */

/* d's lazy PLT: the slot records when a module audits bindings; 1 when its slots
   go through the profiling trampoline (a module has la_pltenter or la_pltexit) */
int audit_plt_setup(struct dso *d)
{
	if (audit_side(d->ns) || (!plt_hooks && !symbind_hooks))
		return 0;
	size_t n = d->jmprel_size / sizeof(Elf64_Rela);
	if (!d->audit_plt) {
		d->audit_plt = rt_calloc(n ? n : 1, sizeof *d->audit_plt);
		if (!d->audit_plt)
			dl_fatal("out of memory to store relocation results", "%s", d->name);
	}
	return plt_hooks;
}

/* glibc keeps DT_BIND_NOW objects lazy when it profiles their PLT */
int audit_plt_profiles(const struct dso *d)
{
	return plt_hooks && !audit_side(d->ns);
}

/* glibc's _dl_audit_symbind: la_symbind64 of each module whose from-object asked
   LA_FLG_BINDFROM and to-object LA_FLG_BINDTO; rr is NULL for a slot bound now */
uintptr_t audit_symbind(struct dso *d, struct audit_plt *rr, struct sym_result def,
			uintptr_t value)
{
	unsigned ndx = def.sym - def.dso->syms;
	if (rr) {
		rr->bound = def.dso;
		rr->boundndx = ndx;
	}
	if (!(d->audit_any_plt | def.dso->audit_any_plt)) {
		if (rr)
			rr->enterexit = (1u << DL_NNS) - 1;
		return value;
	}
	sym_t sym = *def.sym;
	sym.st_value = value;
	uint32_t enterexit = LA_SYMB_NOPLTENTER | LA_SYMB_NOPLTEXIT;
	unsigned flags = 0;
	const char *name = def.dso->strings + def.sym->st_name;
	for (unsigned i = 0; i < L.naudit; i++) {
		struct audit_state *from = state(d, i), *to = state(def.dso, i);
		if (!(from->bindflags & LA_FLG_BINDFROM) || !(to->bindflags & LA_FLG_BINDTO)) {
			enterexit |= 3u << ((i + 1) * 2);
			continue;
		}
		if (mods[i].symbind) {
			flags |= rr ? 0 : LA_SYMB_NOPLTENTER | LA_SYMB_NOPLTEXIT;
			uintptr_t v = mods[i].symbind(&sym, ndx, &from->cookie, &to->cookie,
						      &flags, name);
			if (v != sym.st_value) {
				flags |= LA_SYMB_ALTVALUE;
				sym.st_value = v;
			}
		}
		enterexit &= flags & 3;
		enterexit |= (flags & 3) << ((i + 1) * 2);
	}
	if (rr) {
		rr->enterexit = enterexit;
		rr->flags = flags;
	}
	return flags & LA_SYMB_ALTVALUE ? sym.st_value : value;
}

/* glibc's _dl_audit_pltenter: each module's la_pltenter may change the target
   and the registers, and asks for la_pltexit with a frame size */
uintptr_t audit_pltenter(struct dso *d, struct audit_plt *rr, uintptr_t value, void *regs,
			 long *framesize)
{
	if (rr->enterexit & LA_SYMB_NOPLTENTER)
		return value;
	sym_t sym = rr->bound->syms[rr->boundndx];
	const char *name = rr->bound->strings + sym.st_name;
	sym.st_value = value;
	unsigned flags = rr->flags;
	for (unsigned i = 0; i < L.naudit; i++) {
		unsigned shift = 2 * (i + 1);
		if (!mods[i].pltenter || (rr->enterexit & (LA_SYMB_NOPLTENTER << shift)))
			continue;
		long fs = -1;
		uintptr_t v = mods[i].pltenter(&sym, rr->boundndx, &state(d, i)->cookie,
					       &state(rr->bound, i)->cookie, regs, &flags, name,
					       &fs);
		if (v != sym.st_value) {
			flags |= LA_SYMB_ALTVALUE;
			sym.st_value = v;
		}
		rr->enterexit |= (flags & 3) << shift;
		if (!(rr->enterexit & (LA_SYMB_NOPLTEXIT << shift)) && fs != -1 && *framesize != -2)
			*framesize = *framesize == -1 || fs > *framesize ? fs : *framesize;
	}
	return sym.st_value;
}

/* from the profiling trampoline after the call: each module's la_pltexit */
void dl_profile_exit(struct link_map *lm, size_t index, const void *inregs, void *outregs)
{
	struct dso *d = dso_of(lm);
	struct audit_plt *rr = &d->audit_plt[index];
	sym_t sym = rr->bound->syms[rr->boundndx];
	const char *name = rr->bound->strings + sym.st_name;
	sym.st_value = rr->addr;
	for (unsigned i = 0; i < L.naudit; i++)
		/* glibc 2.36 tests LA_SYMB_NOPLTEXIT >> (2 * cnt): kept, as its callers see it */
		if (mods[i].pltexit && !(rr->enterexit & (LA_SYMB_NOPLTEXIT >> (2 * i))))
			mods[i].pltexit(&sym, rr->boundndx, &state(d, i)->cookie,
					&state(rr->bound, i)->cookie, inregs, outregs, name);
}

/* dlsym (libc's do_sym, when _dl_naudit): glibc's _dl_audit_symbind_alt, whose
   module pointer advances only past a module that was called: kept as it is */
void audit_symbind_alt(struct dso *d, const Elf64_Sym *ref, void **value, struct dso *result)
{
	if (!(d->audit_any_plt | result->audit_any_plt))
		return;
	unsigned ndx = ref - result->syms, altvalue = 0, k = 0;
	sym_t sym = *ref;
	sym.st_value = (uintptr_t)*value;
	for (unsigned i = 0; i < L.naudit; i++) {
		struct audit_state *from = state(d, i), *to = state(result, i);
		if (mods[k].symbind && ((from->bindflags & LA_FLG_BINDFROM) ||
					(to->bindflags & LA_FLG_BINDTO))) {
			unsigned flags = altvalue | LA_SYMB_DLSYM;
			uintptr_t v = mods[k].symbind(&sym, ndx, &from->cookie, &to->cookie, &flags,
						      result->strings + ref->st_name);
			if (v != sym.st_value) {
				altvalue = LA_SYMB_ALTVALUE;
				sym.st_value = v;
			}
			k++;
		}
		*value = (void *)sym.st_value;
	}
}
