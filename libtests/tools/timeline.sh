#!/bin/bash
# The start-up timeline (LD_CUSTOM_TIMELINE=FILE, --timeline FILE): the page is
# rendered by headless Chromium and every object `ld-custom.so --list` prints
# must have a row with a bar; both forms (command, PT_INTERP); the .txt form;
# a dlopen'ed object gets its rows after the program's entry (also the last of
# a program that dlopens in a loop, written at exit); an existing FILE
# (a file or a symlink) is left untouched and FILE.PID.html written instead;
# secure mode (a set-user-ID program) writes nothing; a program that leaves by
# _exit still has its file (written before the entry).
# Prints PASS/FAIL lines; exit 0 iff every check passes.  Run from the
# repository root after `make ld-custom.so tests`.
set -u
usage() {
    echo "Usage: bash libtests/tools/timeline.sh"
    echo "Tests of the start-up timeline (needs chromium, setpriv and the built corpus)."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; exit 2 ;;
esac
[ $# -eq 0 ] || { usage >&2; exit 2; }

top=$(pwd)
LDSO=$top/ld-custom.so
OUT=$top/build/libtests
[ -x "$LDSO" ] && [ -x "$OUT/diamond" ] && [ -x "$OUT/dl-basic" ] ||
    { echo "FAIL timeline: run from the repository root after make ld-custom.so tests"; exit 1; }
# a missing browser is a failure, not a skip: scripts/install-deps installs it
command -v chromium >/dev/null ||
    { echo "FAIL timeline: chromium is missing (scripts/install-deps installs it)"; exit 1; }
command -v setpriv >/dev/null || { echo "FAIL timeline: setpriv (util-linux) is missing"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ldc-timeline.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
bad=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; bad=1; }

# the DOM as Chromium builds it from the page (no script runs: the page has none)
render() { # HTML DOM
    timeout 120 chromium --headless --disable-gpu --no-sandbox --user-data-dir="$tmp/chrome" \
        --dump-dom "file://$1" > "$2" 2> "$tmp/chromium.err" && [ -s "$2" ] ||
        { echo "chromium failed on $1:"; tail -5 "$tmp/chromium.err"; return 1; }
}

# every object of the --list output (by its name, or the path after =>) has a
# <g class="row"> with a bar of non-zero width, a library one for each phase it
# goes through; extra NAME=main|dlopen arguments: the program's row, a row of
# class dlopen
check_dom() { # DOM LIST [NAME=main|dlopen...]
    python3 - "$@" <<'PY'
import sys
from html.parser import HTMLParser
dom, listing, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cur = [], None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "g" and "row" in a.get("class", "").split():
            self.cur = {"name": a.get("data-name"), "path": a.get("data-path"),
                        "dlopen": "dlopen" in a["class"].split(), "bars": 0, "phases": set()}
            self.rows.append(self.cur)
        elif tag == "rect" and self.cur is not None and "bar" in a.get("class", "").split():
            if float(a.get("width", "0")) > 0:
                self.cur["bars"] += 1
                self.cur["phases"].update(a["class"].split()[1:])
    def handle_endtag(self, tag):
        if tag == "g":
            self.cur = None
p = P()
p.feed(open(dom).read())
def row(key):
    return next((r for r in p.rows if key in (r["name"], r["path"])), None)
bad = 0
wanted = []
for line in open(listing):
    line = line.strip()
    if not line:
        continue
    if " => " in line:
        name, rest = line.split(" => ", 1)
        wanted.append((name, rest.split(" (")[0]))
    else:
        wanted.append((line.split(" (")[0], None))
if not wanted:
    print("  --list printed nothing"); bad = 1
# a library found by search has a bar for each phase every library goes through
lib_phases = {"search+open", "map", "relative", "symbolic", "PLT", "constructors"}
for name, path in wanted:
    r = row(name) or (path and row(path))
    if not r or not r["bars"]:
        print("  no bar for %s (%s)" % (name, path)); bad = 1
    elif path and not name.endswith("/ld-linux-x86-64.so.2") and not lib_phases <= r["phases"]:
        print("  %s: bars for %s only" % (name, sorted(r["phases"]))); bad = 1
# NAME=main: the program, relocated; NAME=dlopen: a library loaded after the entry
for e in extra:
    name, _, kind = e.partition("=")
    r = row(name)
    want = {"relative", "symbolic", "PLT"} if kind == "main" else lib_phases
    if not r or not want <= r["phases"] or (kind == "dlopen") != r["dlopen"]:
        print("  no %s row with bars %s for %s" % (kind, sorted(want), name)); bad = 1
print("  %d rows, %d objects listed" % (len(p.rows), len(wanted)))
sys.exit(bad)
PY
}

# ---- both forms: the page renders and every listed object has its bar
cd "$OUT"
"$LDSO" --list ./diamond > "$tmp/diamond.list"
want=$(./diamond)
got=$("$LDSO" --timeline "$tmp/cmd.html" ./diamond)
[ "$got" = "$want" ] && pass "--timeline: the program runs as without" ||
    fail "--timeline: the program printed '$got', not '$want'"
if [ -f "$tmp/cmd.html" ] && render "$tmp/cmd.html" "$tmp/cmd.dom" &&
   check_dom "$tmp/cmd.dom" "$tmp/diamond.list" ./diamond=main; then
    pass "--timeline FILE.html: Chromium shows a bar for every object of --list"
else fail "--timeline FILE.html: Chromium shows a bar for every object of --list"; fi
grep -q '<script' "$tmp/cmd.html" && fail "the page has a script" || pass "the page has no script"
grep -Eq '(src|href)="?(https?:)?//' "$tmp/cmd.html" && fail "the page loads from the network" ||
    pass "the page loads nothing"
grep -q '<table>' "$tmp/cmd.html" && grep -q 'relocations relative / symbolic / PLT' "$tmp/cmd.html" &&
    pass "the summary table follows" || fail "the summary table follows"

"$LDSO" --list ./diamond.interp > "$tmp/interp.list"
got=$(LD_CUSTOM_TIMELINE="$tmp/interp.html" ./diamond.interp)
[ "$got" = "$want" ] || fail "PT_INTERP: the program printed '$got'"
if [ -f "$tmp/interp.html" ] && render "$tmp/interp.html" "$tmp/interp.dom" &&
   check_dom "$tmp/interp.dom" "$tmp/interp.list" ./diamond.interp=main; then
    pass "LD_CUSTOM_TIMELINE, PT_INTERP: a bar for every object of --list"
else fail "LD_CUSTOM_TIMELINE, PT_INTERP: a bar for every object of --list"; fi

# ---- the text form: a line per object, the spans after
LD_CUSTOM_TIMELINE="$tmp/t.txt" "$LDSO" ./diamond > /dev/null
ok=1
[ -f "$tmp/t.txt" ] && head -1 "$tmp/t.txt" | grep -q '^ld-custom.so start-up timeline: ' || ok=0
grep -q '<' "$tmp/t.txt" 2>/dev/null && ok=0
for lib in libdia-a.so libdia-b.so libdia-c.so libc.so.6; do
    grep -q "^$lib  *start " "$tmp/t.txt" 2>/dev/null && grep -q " $lib map " "$tmp/t.txt" || ok=0
done
[ $ok = 1 ] && pass "FILE.txt: text, a row per object and its spans" ||
    { fail "FILE.txt: text, a row per object and its spans"; head -20 "$tmp/t.txt"; }

# ---- a dlopen'ed object appears, in a row of its own after the entry
"$LDSO" --list ./dl-basic > "$tmp/dl.list"
want=$(./dl-basic)
got=$(LD_CUSTOM_TIMELINE="$tmp/dl.html" "$LDSO" ./dl-basic)
[ "$got" = "$want" ] || fail "dl-basic under the timeline printed other output"
if [ -f "$tmp/dl.html" ] && render "$tmp/dl.html" "$tmp/dl.dom" &&
   check_dom "$tmp/dl.dom" "$tmp/dl.list" libdla.so=dlopen libdlb.so=dlopen; then
    pass "dlopen: libdla.so and libdlb.so have rows of their own, after the entry"
else fail "dlopen: libdla.so and libdlb.so have rows of their own, after the entry"; fi

# ---- a program that dlopens in a loop: the file is not rewritten after every
# dlopen (a tenth of the time at most), what is left is written at exit
mkdir "$tmp/loop" && cd "$tmp/loop"
echo 'int loop_fn(void) { return 1; }' > loop.c
echo 'int last_fn(void) { return 2; }' > last.c
cat > main.c <<'C'
#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
	for (int i = 0; i < 300; i++) {
		void *h = dlopen("./libloop.so", RTLD_NOW);
		if (!h || dlclose(h))
			return 1;
	}
	if (!dlopen("./liblast.so", RTLD_NOW))
		return 1;
	puts("done");
	return 0;
}
C
gcc -shared -fPIC loop.c -o libloop.so && gcc -shared -fPIC last.c -o liblast.so &&
    gcc main.c -o loop -ldl || fail "building the dlopen loop"
"$LDSO" --list ./loop > loop.list
got=$(LD_CUSTOM_TIMELINE="$tmp/loop.html" timeout 60 "$LDSO" ./loop)
if [ "$got" = done ] && render "$tmp/loop.html" "$tmp/loop.dom" &&
   check_dom "$tmp/loop.dom" loop.list ./libloop.so=dlopen ./liblast.so=dlopen; then
    pass "300 dlopens in a loop, then one more: its row is there at exit"
else fail "300 dlopens in a loop, then one more: its row is there at exit"; fi

# ---- never a file it did not create: the name exists (a file, a symlink)
cd "$tmp"
echo precious > taken.html
ln -s "$tmp/victim" link.html
LD_CUSTOM_TIMELINE=taken.html "$LDSO" "$OUT/diamond" > /dev/null
"$LDSO" --timeline link.html "$OUT/diamond" > /dev/null
set -- taken.*.html
[ "$(cat taken.html)" = precious ] && [ $# = 1 ] && [ -f "$1" ] && grep -q '<svg' "$1" &&
    pass "an existing FILE is untouched, $1 written instead" ||
    fail "an existing FILE is untouched, taken.PID.html written instead"
set -- link.*.html
[ ! -e victim ] && [ -L link.html ] && [ $# = 1 ] && [ -f "$1" ] &&
    pass "a symlink FILE is not followed, $1 written instead" ||
    fail "a symlink FILE is not followed, link.PID.html written instead"

# ---- secure mode: a set-user-ID program run by another user writes nothing;
# the same program without the bit does (and one that leaves by _exit)
cp "$LDSO" "$tmp/ld-custom.so"
cat > "$tmp/s.c" <<'C'
#include <stdio.h>
#include <unistd.h>
int main(void) { puts("ran"); fflush(stdout); _exit(0); }
C
gcc "$tmp/s.c" -o "$tmp/s" -Wl,--dynamic-linker="$tmp/ld-custom.so"
mkdir "$tmp/w" && chmod 777 "$tmp/w"
chmod -R a+rX "$tmp"
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
got=$(as_nobody env LD_CUSTOM_TIMELINE="$tmp/w/plain.html" "$tmp/s")
[ "$got" = ran ] && [ -s "$tmp/w/plain.html" ] && grep -q '</html>' "$tmp/w/plain.html" &&
    pass "a program that leaves by _exit has its timeline" ||
    fail "a program that leaves by _exit has its timeline"
chmod 4755 "$tmp/s"
got=$(as_nobody env LD_CUSTOM_TIMELINE="$tmp/w/suid.html" "$tmp/s")
[ "$got" = ran ] && [ -z "$(ls "$tmp/w" | grep -v '^plain.html$')" ] &&
    pass "secure mode: LD_CUSTOM_TIMELINE is ignored" ||
    fail "secure mode: LD_CUSTOM_TIMELINE is ignored ($(ls "$tmp/w"))"

exit $bad
