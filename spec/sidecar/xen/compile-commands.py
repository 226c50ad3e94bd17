#!/usr/bin/env python3
# compile-commands.py OUT ARCH_FLAG... -- FILE... - OUT/compile_commands.json
# for the FILEs (paths under OUT) as Xen's build records them: its common
# flags (-nostdinc with the compiler's own header dir, -include
# xen/config.h, -I xen/include), then the architecture's.  Shared by
# prepare-tree.sh (ARM64) and prepare-tree-x86.sh.
import json, os, subprocess, sys

out, args = sys.argv[1], sys.argv[2:]
if "--" not in args:
    sys.exit("usage: compile-commands.py OUT ARCH_FLAG... -- FILE...")
arch, files = args[:args.index("--")], args[args.index("--") + 1:]
clang_inc = subprocess.run(["clang", "-print-resource-dir"], check=True, capture_output=True,
                           text=True).stdout.strip() + "/include"
x = out + "/xen"
flags = ["gcc", "-std=gnu99", "-O1", "-nostdinc", "-isystem", clang_inc, "-fno-builtin", "-fno-common",
         "-D__XEN__", "-include", x + "/include/xen/config.h", "-I" + x + "/include"]
flags += [a.replace("@XEN@", x) for a in arch] + ["-c"]
entries = []
for f in files:
    d, b = os.path.split(os.path.join(out, f))
    entries.append({"directory": d, "arguments": flags + [b, "-o", b[:-2] + ".o"], "file": b})
with open(out + "/compile_commands.json", "w") as fp:
    json.dump(entries, fp, indent=1)
