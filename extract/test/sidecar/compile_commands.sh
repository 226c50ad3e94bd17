#!/bin/sh
# compile_commands.sh OUT [FLAG...] - the compilation database of the blk
# program (test 162), with this checkout's paths; the FLAGs, if given, are
# added to every entry (a cross build's --target).
set -eu
out=$1
shift
dir=$(cd "$(dirname "$0")" && pwd)
python3 - "$dir" "$out" "$@" <<'PY'
import json, sys
d, out, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
entries = [{"directory": d,
            "arguments": ["cc", "-std=gnu11", "-O2", "-Wall", "-Werror", "-I.", "-DBLK_NR_DEVS=2"] +
                         extra + ["-c", f, "-o", f[:-2] + ".o"],
            "file": f} for f in ("blk-core.c", "blk-gen.c")]
with open(out, "w") as fp:
    json.dump(entries, fp, indent=1)
PY
