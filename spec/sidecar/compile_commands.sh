#!/bin/sh
# compile_commands.sh OUT - write the compilation database of the vGIC
# program to OUT (a compile_commands.json), with the real paths of this
# checkout, as a build (bear, cmake, Xen's `make compile_commands.json`)
# records them: one entry a file, its directory, its arguments.
set -eu
out=$1
dir=$(cd "$(dirname "$0")" && pwd)
python3 - "$dir" "$out" <<'PY'
import json, sys
d, out = sys.argv[1], sys.argv[2]
entries = [{"directory": d,
            "arguments": ["cc", "-std=gnu11", "-O2", "-Wall", "-include", "config.h", "-I.",
                          "-DCONFIG_GICV2=1", "-c", f, "-o", f[:-2] + ".o"],
            "file": f} for f in ("vgic.c", "gic.c", "vgic-v2.c")]
with open(out, "w") as fp:
    json.dump(entries, fp, indent=1)
PY
