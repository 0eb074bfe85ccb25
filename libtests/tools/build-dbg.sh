# build-dbg.sh DIR [LDSO]: builds DIR/dbg-prog and DIR/libdbgplug.so (with
# debug info); with LDSO, dbg-prog's PT_INTERP is LDSO.
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$1
ldso=${2:-}
mkdir -p "$dir"
gcc -g -O1 -fPIC -shared -o "$dir/libdbgplug.so" "$here/dbg-plug.c"
interp=()
[ -n "$ldso" ] && interp=("-Wl,--dynamic-linker=$ldso")
gcc -g -O1 -pthread -o "$dir/dbg-prog" "$here/dbg-prog.c" -ldl "${interp[@]}"
