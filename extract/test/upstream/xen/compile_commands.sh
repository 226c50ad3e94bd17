#!/bin/sh
# compile_commands.sh OUT - the compilation database a build of the fake
# Xen tree would record for common/pool.c, arch/arm/vgic-alloc.c, gic-lrs.c and arch/x86/mm/mm.c (their
# real paths): -nostdinc with the compiler's own
# headers, Xen's forced config.h, the tree's include dir, arm64.
set -eu
dir=$(cd "$(dirname "$0")" && pwd)
python3 - "$dir" "$1" "$(clang -print-resource-dir)/include" <<'PY'
import json, sys
d, out, clang_inc = sys.argv[1:4]
args = ["gcc", "-std=gnu99", "-O1", "-nostdinc", "-isystem", clang_inc, "-D__XEN__", "-include", d + "/include/xen/config.h",
        "-I" + d + "/include", "--target=aarch64-linux-gnu", "-c"]
entries = [{"directory": d + "/" + sub, "arguments": args + [f, "-o", f[:-2] + ".o"], "file": f}
           for sub, f in (("common", "pool.c"), ("arch/arm", "vgic-alloc.c"), ("arch/x86/mm", "mm.c"),
                          ("arch/arm", "gic-lrs.c"))]
with open(out, "w") as fp:
    json.dump(entries, fp, indent=1)
PY
