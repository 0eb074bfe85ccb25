# gen.sh PREFIX N OUTDIR: OUTDIR/PREFIX.c defines N functions PREFIX_i(long);
# OUTDIR/PREFIX-call.c defines PREFIX_call(int i, long x), which calls
# PREFIX_i(x) directly (through the PLT when built into another object).
p=$1 n=$2 d=$3
mkdir -p "$d"
{
    for ((i = 0; i < n; i++)); do
        echo "long ${p}_$i(long x) { return x * $((i * 7 + 3)) + $((i * i)); }"
    done
} > "$d/$p.c"
{
    for ((i = 0; i < n; i++)); do echo "long ${p}_$i(long);"; done
    echo "long ${p}_call(int i, long x)"
    echo "{"
    echo "    switch (i) {"
    for ((i = 0; i < n; i++)); do echo "    case $i: return ${p}_$i(x);"; done
    echo "    }"
    echo "    return -1;"
    echo "}"
} > "$d/$p-call.c"
