#!/bin/sh
# compile_commands.sh OUT - the compilation database a Kbuild of the fake
# Linux tree would record (its real paths): -nostdinc with the compiler's own
# headers, -D__KERNEL__, the forced linux/compiler_types.h, the tree's
# include dir, x86_64.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
python3 - "$dir" "$1" "$(clang -print-resource-dir)/include" <<'PY'
import json, sys
d, out, clang_inc = sys.argv[1:4]
def entry(sub, name):
    args = ["gcc", "-std=gnu11", "-O2", "-nostdinc", "-isystem", clang_inc, "-D__KERNEL__",
            "-include", d + "/include/linux/compiler_types.h", "-I" + d + "/include",
            "--target=x86_64-linux-gnu", "-c", name + ".c", "-o", name + ".o"]
    return {"directory": d + "/" + sub, "arguments": args, "file": name + ".c"}
with open(out, "w") as fp:
    json.dump([entry("drivers/net/fakenic", "fakenic"), entry("lib", "fakerl")], fp, indent=1)
PY
