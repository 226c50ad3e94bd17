#!/bin/sh
# prepare-tree.sh GIT_DIR COMMIT OUT [FILE.c...] - an unmodified Xen/ARM64
# tree at COMMIT under OUT, with what its build would have generated
# before compiling a .c file, and OUT/compile_commands.json for the files
# (default xen/arch/arm/vgic.c, vgic-v2.c, gic.c) as that build records
# them.  The tree's own files are not changed; nothing here is Xen's code.
#
# Generated (what `make` writes first; here the minimum the headers need):
#   xen/include/asm -> asm-arm         the arch link of Xen before 4.12
#   xen/include/generated/autoconf.h   CONFIG_ARM, CONFIG_ARM_64 and what
#                                      arch/arm/Kconfig selects for them
#   xen/include/asm-arm/asm-offsets.h  empty: offsets are for assembly
# The build's own flags: -nostdinc with the compiler's own header dir,
# -include xen/config.h, --target=aarch64-linux-gnu.
set -eu
[ $# -ge 3 ] || { echo "usage: prepare-tree.sh GIT_DIR COMMIT OUT [FILE.c...]" >&2; exit 2; }
git_dir=$1 commit=$2 out=$3
shift 3
[ $# -gt 0 ] || set -- xen/arch/arm/vgic.c xen/arch/arm/vgic-v2.c xen/arch/arm/gic.c
mkdir -p "$out"
out=$(cd "$out" && pwd)
git --git-dir="$git_dir" archive "$commit" xen/include xen/arch/arm | tar -x -C "$out"
inc=$out/xen/include
if [ -d "$inc/asm-arm" ] && [ ! -e "$inc/asm" ]; then ln -s asm-arm "$inc/asm"; fi
mkdir -p "$inc/generated"
{
	echo '/* written by prepare-tree.sh: Kconfig for ARM_64 and what it selects */'
	echo '#define CONFIG_ARM 1'
	echo '#define CONFIG_ARM_64 1'
	echo '#define CONFIG_64BIT 1'
	echo '#define CONFIG_NR_CPUS 4'
	# the selects of `config ARM_64` and `config ARM`, up to the next config
	awk '/^config /{on = ($2 == "ARM_64" || $2 == "ARM")} on && /^[ \t]+select /{print "#define CONFIG_" $2 " 1"}' \
		"$out/xen/arch/arm/Kconfig"
} > "$inc/generated/autoconf.h"
[ -e "$inc/asm-arm/asm-offsets.h" ] || echo '/* written by prepare-tree.sh: the offsets are for assembly */' > "$inc/asm-arm/asm-offsets.h"
python3 "$(dirname "$0")/compile-commands.py" "$out" -I@XEN@/include/asm-arm/arm64 --target=aarch64-linux-gnu \
	-DCONFIG_ARM_64=1 -- "$@"
echo "prepare-tree.sh: $out at $commit, $out/compile_commands.json for $*"
