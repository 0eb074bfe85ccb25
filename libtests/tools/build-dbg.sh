# build-dbg.sh DIR [LDSO]: builds DIR/dbg-prog and DIR/libdbgplug.so (with
# debug info); with LDSO, dbg-prog's PT_INTERP is LDSO.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() {
    echo "Usage: bash libtests/tools/build-dbg.sh DIR [LDSO]"
    echo "Build DIR/dbg-prog and DIR/libdbgplug.so with debug info; with LDSO,"
    echo "dbg-prog's PT_INTERP is LDSO."
}
case ${1:-} in
    -h|--help) usage; exit 0 ;;
    -*) echo "build-dbg: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    usage >&2; exit 2
fi
dir=$1
ldso=${2:-}
mkdir -p "$dir"
gcc -g -O1 -fPIC -shared -o "$dir/libdbgplug.so" "$here/dbg-plug.c"
interp=()
[ -n "$ldso" ] && interp=("-Wl,--dynamic-linker=$ldso")
gcc -g -O1 -pthread -o "$dir/dbg-prog" "$here/dbg-prog.c" -ldl "${interp[@]}"
