#!/usr/bin/env python3
"""Usage: libtests/tools/symset-gen.py N M OUTDIR

Writes and builds a synthetic set for symbol-lookup measurements: N shared
libraries lib0.so .. lib{N-1}.so of M exported functions each, every library
holding a table of M pointers to functions of other libraries (M symbolic
relocations each, resolved over the whole global scope), and a program
`main` linked against all of them with -z now.  Runs `main` at the end
under the system loader as a check; it prints one checksum line.
"""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def usage(out):
    out.write(__doc__.lstrip())


def lib_source(i, n, m):
    out = [f"int s{i}_{j}(void) {{ return {i * m + j}; }}" for j in range(m)]
    refs = [f"s{(i + 1 + j) % n}_{j}" for j in range(m)]
    out += [f"int {r}(void);" for r in refs]
    out.append(f"int (*const t{i}[])(void) = {{ {', '.join(refs)} }};")
    out.append(f"int sum{i}(void) {{ int s = 0; for (int k = 0; k < {m}; k++) "
               f"s += t{i}[k](); return s; }}")
    return "\n".join(out) + "\n"


def build(cmd):
    subprocess.run(cmd, check=True)


def main(argv):
    if len(argv) == 2 and argv[1] in ("-h", "--help"):
        usage(sys.stdout)
        return 0
    if len(argv) != 4 or not argv[1].isdigit() or not argv[2].isdigit():
        usage(sys.stderr)
        return 2
    n, m, out = int(argv[1]), int(argv[2]), os.path.abspath(argv[3])
    os.makedirs(out, exist_ok=True)
    cmds = []
    for i in range(n):
        src = os.path.join(out, f"lib{i}.c")
        with open(src, "w") as f:
            f.write(lib_source(i, n, m))
        cmds.append(["gcc", "-O1", "-fPIC", "-shared", "-Wl,-z,now", "-o",
                     os.path.join(out, f"lib{i}.so"), src])
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(build, cmds))
    with open(os.path.join(out, "main.c"), "w") as f:
        f.write("#include <stdio.h>\n")
        f.write("".join(f"int sum{i}(void);\n" for i in range(n)))
        f.write("int main(void) { long s = 0;\n")
        f.write("".join(f" s += sum{i}();\n" for i in range(n)))
        f.write(' printf("%ld\\n", s); return 0; }\n')
    build(["gcc", "-O1", "-o", os.path.join(out, "main"), os.path.join(out, "main.c"),
           f"-Wl,-rpath,{out}", "-Wl,-z,now"] +
          [os.path.join(out, f"lib{i}.so") for i in range(n)])
    subprocess.run([os.path.join(out, "main")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
