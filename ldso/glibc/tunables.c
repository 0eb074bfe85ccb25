/* glibc tunables: GLIBC_TUNABLES and the old alias variables, answered to
   libc through __tunable_get_val with the width of each tunable's type.
   Ids, types, bounds and security levels come from the host's ld.so DWARF. */
#include "glibc/glibc.h"

struct tunable {
	const char *name, *alias;
	uint8_t type, seclevel, initialized;
	int64_t min, max;
	union { int64_t num; const char *str; } val;
};

#define T(id, name, type, def, min, max, sec, alias) \
	[id] = { name, alias, type, sec, 0, (int64_t)(min), (int64_t)(max), \
		  { .num = (int64_t)(def) } },
static struct tunable tunables[TUNABLE_COUNT] = { TUNABLE_TABLE(T) };
#undef T

static int parse_num(const char *s, size_t n, int64_t *out)
{
	uint64_t v = 0;
	unsigned base = 10;
	size_t i = 0;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, i = 2;
	if (i == n)
		return -1;
	for (; i < n; i++) {
		unsigned c = s[i], dgt;
		if (c >= '0' && c <= '9')
			dgt = c - '0';
		else if (base == 16 && (c | 32) >= 'a' && (c | 32) <= 'f')
			dgt = (c | 32) - 'a' + 10;
		else
			return -1;
		v = v * base + dgt;
	}
	*out = (int64_t)v;
	return 0;
}

static int in_bounds(const struct tunable *t, int64_t v)
{
	if (t->type == TUNABLE_TYPE_INT_32)
		return v >= t->min && v <= t->max;
	return (uint64_t)v >= (uint64_t)t->min && (uint64_t)v <= (uint64_t)t->max;
}

static void set_tunable(struct tunable *t, const char *val, size_t len)
{
	/* setuid programs: only tunables glibc marks safe for them */
	if (L.secure && t->seclevel != TUNABLE_SECLEVEL_NONE)
		return;
	if (t->type == TUNABLE_TYPE_STRING) {
		t->val.str = str_ndup(val, len);
		t->initialized = 1;
		return;
	}
	int64_t v;
	if (parse_num(val, len, &v) || !in_bounds(t, v))
		return;
	t->val.num = v;
	t->initialized = 1;
}

static struct tunable *tunable_named(const char *name, size_t len)
{
	for (int i = 0; i < TUNABLE_COUNT; i++)
		if (!strncmp(tunables[i].name, name, len) && !tunables[i].name[len])
			return &tunables[i];
	return 0;
}

/* GLIBC_TUNABLES=name=value:name=value.  For a setuid program glibc rewrites
   the variable so that children see only the tunables that are not
   SXID_ERASE (unknown names go too); *entry is replaced with that copy. */
static void parse_tunables(char **entry)
{
	const char *p = *entry + 15;
	char *out = L.secure ? rt_alloc(strlen(*entry) + 1) : 0;
	size_t off = 0;
	if (out) {
		memcpy(out, "GLIBC_TUNABLES=", 15);
		off = 15;
	}
	while (*p) {
		const char *eq = p, *end;
		while (*eq && *eq != '=' && *eq != ':')
			eq++;
		if (*eq != '=') {	/* a name without a value */
			p = *eq ? eq + 1 : eq;
			continue;
		}
		for (end = eq + 1; *end && *end != ':'; end++)
			;
		struct tunable *t = tunable_named(p, eq - p);
		if (t) {
			if (out && t->seclevel != TUNABLE_SECLEVEL_SXID_ERASE) {
				if (off > 15)
					out[off++] = ':';
				memcpy(out + off, p, end - p);
				off += end - p;
			}
			set_tunable(t, eq + 1, end - eq - 1);
		}
		p = *end ? end + 1 : end;
	}
	if (out) {
		out[off] = 0;
		*entry = out;
	}
}

void tunables_init(char **envp)
{
	for (char **e = envp; *e; e++) {
		const char *s = *e;
		/* only GLIBC_TUNABLES, MALLOC_* and LD_HWCAP_MASK matter: skip the rest cheaply */
		if (s[0] != 'G' && s[0] != 'M' && s[0] != 'L')
			continue;
		if (!strncmp(s, "GLIBC_TUNABLES=", 15)) {
			parse_tunables(e);
			continue;
		}
		/* the old alias variables: MALLOC_* and LD_HWCAP_MASK */
		if (strncmp(s, "MALLOC_", 7) && strncmp(s, "LD_HWCAP_MASK=", 14))
			continue;
		const char *eq = strchr(s, '=');
		if (!eq)
			continue;
		for (int i = 0; i < TUNABLE_COUNT; i++) {
			const char *a = tunables[i].alias;
			if (!a[0] || strlen(a) != (size_t)(eq - s) || strncmp(a, s, eq - s))
				continue;
			if (L.secure && tunables[i].seclevel == TUNABLE_SECLEVEL_SXID_ERASE) {
				/* a setuid program's children do not see it either */
				for (char **d = e; *d; d++)
					d[0] = d[1];
				e--;
				break;
			}
			if (!tunables[i].initialized)
				set_tunable(&tunables[i], eq + 1, strlen(eq + 1));
			break;
		}
	}
}

long tunable_get_num(int id)
{
	return (long)tunables[id].val.num;
}

const char *tunable_get_str(int id)
{
	return tunables[id].initialized ? tunables[id].val.str : 0;
}

int tunable_is_set(int id)
{
	return tunables[id].initialized;
}

EXPORT void __tunable_get_val(unsigned id, void *valp, tunable_callback_t cb)
{
	if (id >= TUNABLE_COUNT)
		return;
	struct tunable *t = &tunables[id];
	switch (t->type) {
	case TUNABLE_TYPE_INT_32:
		*(int32_t *)valp = (int32_t)t->val.num;
		break;
	case TUNABLE_TYPE_STRING:
		*(const char **)valp = t->val.str;
		break;
	default:
		*(int64_t *)valp = t->val.num;
	}
	if (cb && t->initialized)
		cb(&t->val);
}

/* --list-tunables: glibc's __tunables_print, in the table's order */
void tunables_print(void)
{
	for (int i = 0; i < TUNABLE_COUNT; i++) {
		const struct tunable *t = &tunables[i];
		if (t->type == TUNABLE_TYPE_STRING && !t->val.str)
			rt_dprintf(1, "%s:\n", t->name);
		else if (t->type == TUNABLE_TYPE_STRING)
			rt_dprintf(1, "%s: %s\n", t->name, t->val.str);
		else if (t->type == TUNABLE_TYPE_INT_32)
			rt_dprintf(1, "%s: %d (min: %d, max: %d)\n", t->name, (int)t->val.num,
				   (int)t->min, (int)t->max);
		else
			rt_dprintf(1, "%s: 0x%lx (min: 0x%lx, max: 0x%lx)\n", t->name,
				   (unsigned long)t->val.num, (unsigned long)t->min,
				   (unsigned long)t->max);
	}
}
