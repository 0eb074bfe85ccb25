/* ffi-call: table-driven calls into shared libraries through libffi.
 *
 *   ffi-call < TABLE        (or: ffi-call TABLE)
 *
 * Each non-blank, non-# line of TABLE is
 *
 *   LIBRARY SYMBOL[@VERSION] SIGNATURE ARGS... = EXPECT [bufN=STRING]...
 *
 * LIBRARY   a name for dlopen (RTLD_NOW), "-" for RTLD_DEFAULT, or "self"
 *           for dlopen(NULL).  SYMBOL@VERSION uses dlvsym, otherwise dlsym.
 * SIGNATURE RET(ARGS): one letter per type:
 *             v void  i int  I unsigned  l long  L unsigned long/size_t
 *             d double  f float  p pointer  s char* (a string result)
 *           "..." after the fixed arguments makes the call variadic; the
 *           types of the variable arguments follow it: "i(pLp...d)".
 * ARGS      numbers (C syntax, strtol/strtod), or for pointers:
 *             "text"   a private NUL-terminated copy (escapes \n \t \\ \"
 *                      \xHH)
 *             buf:N    a zero-filled buffer of N bytes
 *             null     NULL
 * EXPECT    for numbers: a value (doubles/floats compared exactly unless
 *           written ~VALUE: relative error < 1e-12), or <0, >0, =0 for the
 *           sign only; for pointers: null, nonnull, argK or argK+N (the
 *           K-th argument, 1-based, plus N bytes); for s: "text" or null;
 *           for v: "-".
 * bufK=STRING  after the call, argument K (a buf: or "text" pointer) must
 *           hold STRING (compared up to and including its NUL).
 *
 * Output: one line per call, "LINE: SYMBOL -> RESULT ok" or "... MISMATCH
 * (expected ...)"; errors of the table or of dlopen/dlsym are reported the
 * same way.  Exit status 0 iff every call matched.  Results are printed
 * without addresses, so the output can be compared between loaders. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <ffi.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXARGS 16
#define MAXTOK 48

static int failures;

/* Split a line into tokens; "..." tokens keep their quotes, escapes decoded
 * into tok[i] with the length in len[i]. */
static int tokenize(char *line, char **tok, size_t *len, int max)
{
    int n = 0;
    char *p = line;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p || *p == '#')
            break;
        if (n == max)
            return -1;
        char *start = p, *w = p;
        int quoted = 0;
        while (*p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r'))) {
            if (*p == '"') {
                quoted = !quoted;
                *w++ = *p++;
            } else if (quoted && *p == '\\' && p[1]) {
                p++;
                switch (*p) {
                case 'n': *w++ = '\n'; p++; break;
                case 't': *w++ = '\t'; p++; break;
                case 'x': {
                    char hex[3] = { p[1], p[1] ? p[2] : 0, 0 };
                    *w++ = (char)strtol(hex, NULL, 16);
                    p += 3;
                    break;
                }
                default: *w++ = *p++; break;
                }
            } else
                *w++ = *p++;
        }
        if (*p)
            p++;
        len[n] = (size_t)(w - start);
        *w = 0;
        tok[n++] = start;
    }
    return n;
}

static ffi_type *ftype(char c)
{
    switch (c) {
    case 'v': return &ffi_type_void;
    case 'i': return &ffi_type_sint;
    case 'I': return &ffi_type_uint;
    case 'l': return &ffi_type_slong;
    case 'L': return &ffi_type_ulong;
    case 'd': return &ffi_type_double;
    case 'f': return &ffi_type_float;
    case 'p': case 's': return &ffi_type_pointer;
    }
    return NULL;
}

union val {
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    double d;
    float f;
    void *p;
    ffi_arg raw;
};

static int is_quoted(const char *t, size_t n) { return n >= 2 && t[0] == '"' && t[n - 1] == '"'; }

static void result(int line, const char *sym, const char *got, int ok, const char *expect)
{
    if (ok)
        printf("%d: %s -> %s ok\n", line, sym, got);
    else {
        printf("%d: %s -> %s MISMATCH (expected %s)\n", line, sym, got, expect);
        failures++;
    }
}

static void run_line(int line, char *text)
{
    char *tok[MAXTOK];
    size_t len[MAXTOK];
    int n = tokenize(text, tok, len, MAXTOK);
    if (n == 0)
        return;
    if (n < 0 || n < 5) {
        result(line, "?", "bad line", 0, "LIBRARY SYMBOL SIG ARGS = EXPECT");
        return;
    }
    const char *libname = tok[0];
    char sym[256];
    snprintf(sym, sizeof sym, "%s", tok[1]);
    char *ver = strchr(sym, '@');
    char name[256];
    snprintf(name, sizeof name, "%.*s", ver ? (int)(ver - sym) : (int)strlen(sym), sym);
    if (ver)
        ver++;

    /* signature */
    const char *sig = tok[2];
    char rt = sig[0];
    if (!ftype(rt) || sig[1] != '(' || sig[strlen(sig) - 1] != ')') {
        result(line, sym, "bad signature", 0, "RET(ARGS)");
        return;
    }
    char at[MAXARGS];
    int nargs = 0, nfixed = -1;
    for (const char *s = sig + 2; *s && *s != ')'; s++) {
        if (strncmp(s, "...", 3) == 0) {
            nfixed = nargs;
            s += 2;
            continue;
        }
        if (!ftype(*s) || *s == 'v' || nargs == MAXARGS) {
            result(line, sym, "bad signature", 0, "argument types");
            return;
        }
        at[nargs++] = *s;
    }
    int eq = -1;
    for (int k = 3; k < n; k++)
        if (strcmp(tok[k], "=") == 0) {
            eq = k;
            break;
        }
    if (eq < 0 || eq - 3 != nargs || eq + 1 >= n) {
        result(line, sym, "bad line", 0, "one argument per parameter, then = EXPECT");
        return;
    }

    /* arguments */
    union val av[MAXARGS];
    void *ap[MAXARGS];
    ffi_type *ft[MAXARGS];
    void *owned[MAXARGS] = { 0 };
    size_t osize[MAXARGS] = { 0 };
    for (int k = 0; k < nargs; k++) {
        const char *a = tok[3 + k];
        size_t al = len[3 + k];
        ft[k] = ftype(at[k]);
        ap[k] = &av[k];
        memset(&av[k], 0, sizeof av[k]);
        switch (at[k]) {
        case 'i': av[k].i = (int)strtol(a, NULL, 0); break;
        case 'I': av[k].u = (unsigned)strtoul(a, NULL, 0); break;
        case 'l': av[k].l = strtol(a, NULL, 0); break;
        case 'L': av[k].ul = strtoul(a, NULL, 0); break;
        case 'd': av[k].d = strtod(a, NULL); break;
        case 'f': av[k].f = strtof(a, NULL); break;
        case 'p':
        case 's':
            if (strcmp(a, "null") == 0)
                av[k].p = NULL;
            else if (strncmp(a, "buf:", 4) == 0) {
                size_t sz = strtoul(a + 4, NULL, 0);
                owned[k] = av[k].p = calloc(1, sz ? sz : 1);
                osize[k] = sz;
            } else if (is_quoted(a, al)) {
                owned[k] = av[k].p = malloc(al - 1);
                osize[k] = al - 2;
                memcpy(av[k].p, a + 1, al - 2);
                ((char *)av[k].p)[al - 2] = 0;
            } else {
                result(line, sym, "bad pointer argument", 0, "\"text\", buf:N or null");
                goto out;
            }
            break;
        }
    }

    /* the function */
    void *h;
    int global = strcmp(libname, "-") == 0;
    if (global)
        h = RTLD_DEFAULT;
    else
        h = dlopen(strcmp(libname, "self") == 0 ? NULL : libname, RTLD_NOW);
    if (!global && !h) {
        result(line, sym, "dlopen failed", 0, "a library");
        goto out;
    }
    void *fn = ver ? dlvsym(h, name, ver) : dlsym(h, name);
    if (!fn) {
        result(line, sym, "symbol not found", 0, "a symbol");
        goto close;
    }
    ffi_cif cif;
    ffi_status st = nfixed >= 0
        ? ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, (unsigned)nfixed, (unsigned)nargs, ftype(rt), ft)
        : ffi_prep_cif(&cif, FFI_DEFAULT_ABI, (unsigned)nargs, ftype(rt), ft);
    if (st != FFI_OK) {
        result(line, sym, "ffi_prep_cif failed", 0, "a valid signature");
        goto close;
    }
    union val rv;
    memset(&rv, 0, sizeof rv);
    ffi_call(&cif, FFI_FN(fn), &rv, ap);

    /* the result */
    const char *e = tok[eq + 1];
    size_t el = len[eq + 1];
    char got[320];
    int ok = 0;
    switch (rt) {
    case 'v':
        snprintf(got, sizeof got, "-");
        ok = strcmp(e, "-") == 0;
        break;
    case 'i': case 'I': case 'l': case 'L': {
        long v = rt == 'i' ? (long)(int)rv.raw : rt == 'I' ? (long)(unsigned)rv.raw : (long)rv.raw;
        if (rt == 'L')
            snprintf(got, sizeof got, "%lu", (unsigned long)rv.raw);
        else
            snprintf(got, sizeof got, "%ld", v);
        if (strcmp(e, "<0") == 0)
            ok = v < 0;
        else if (strcmp(e, ">0") == 0)
            ok = v > 0;
        else if (strcmp(e, "=0") == 0)
            ok = v == 0;
        else if (rt == 'L')
            ok = strtoul(e, NULL, 0) == (unsigned long)rv.raw;
        else
            ok = strtol(e, NULL, 0) == v;
        break;
    }
    case 'd': case 'f': {
        double v = rt == 'd' ? rv.d : rv.f;
        snprintf(got, sizeof got, "%.17g", v);
        if (e[0] == '~') {
            double x = strtod(e + 1, NULL);
            ok = fabs(v - x) <= 1e-12 * fabs(x) || v == x;
        } else
            ok = rt == 'd' ? v == strtod(e, NULL) : (float)v == strtof(e, NULL);
        break;
    }
    case 'p': {
        void *p = rv.p;
        int which = -1;
        long off = 0;
        for (int k = 0; k < nargs && which < 0; k++)
            if (at[k] == 'p' && owned[k] && (char *)p >= (char *)av[k].p &&
                (char *)p <= (char *)av[k].p + osize[k]) {
                which = k;
                off = (char *)p - (char *)av[k].p;
            }
        if (!p)
            snprintf(got, sizeof got, "null");
        else if (which >= 0)
            snprintf(got, sizeof got, "arg%d+%ld", which + 1, off);
        else
            snprintf(got, sizeof got, "nonnull");
        if (strcmp(e, "nonnull") == 0)
            ok = p != NULL;
        else if (strncmp(e, "arg", 3) == 0) {
            char want[64];
            snprintf(want, sizeof want, "%s%s", e, strchr(e, '+') ? "" : "+0");
            ok = strcmp(want, got) == 0;
        } else
            ok = strcmp(e, got) == 0;
        break;
    }
    case 's': {
        const char *s = rv.p;
        if (!s)
            snprintf(got, sizeof got, "null");
        else
            snprintf(got, sizeof got, "\"%.300s\"", s);
        ok = strcmp(e, "null") == 0 ? s == NULL
             : is_quoted(e, el) && s && strlen(s) == el - 2 && memcmp(s, e + 1, el - 2) == 0;
        break;
    }
    }
    /* buffer checks */
    for (int k = eq + 2; k < n; k++) {
        int idx;
        char *q = strchr(tok[k], '=');
        if (strncmp(tok[k], "buf", 3) != 0 || !q || sscanf(tok[k] + 3, "%d", &idx) != 1 || idx < 1 ||
            idx > nargs || !owned[idx - 1] || !is_quoted(q + 1, len[k] - (size_t)(q + 1 - tok[k]))) {
            ok = 0;
            snprintf(got + strlen(got), sizeof got - strlen(got), " (bad check %s)", tok[k]);
            continue;
        }
        size_t wl = len[k] - (size_t)(q + 1 - tok[k]) - 2;
        const char *buf = owned[idx - 1];
        int same = memcmp(buf, q + 2, wl) == 0 && buf[wl] == 0;
        snprintf(got + strlen(got), sizeof got - strlen(got), " buf%d%s", idx, same ? "=ok" : "!=");
        ok &= same;
    }
    {
        char expect[256] = "";
        for (int k = eq + 1; k < n; k++)
            snprintf(expect + strlen(expect), sizeof expect - strlen(expect), "%s%s",
                     k > eq + 1 ? " " : "", tok[k]);
        result(line, sym, got, ok, expect);
    }
close:
    if (!global)
        dlclose(h);
out:
    for (int k = 0; k < nargs; k++)
        free(owned[k]);
}

int main(int argc, char **argv)
{
    FILE *f = stdin;
    if (argc > 1 && !(f = fopen(argv[1], "r"))) {
        perror(argv[1]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    char buf[4096];
    int line = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        run_line(line, buf);
    }
    printf("%d mismatches\n", failures);
    return failures != 0;
}
