#!/bin/sh
# prepare-tree-x86.sh GIT_DIR COMMIT OUT [FILE.c...] - an unmodified Xen/x86_64
# tree at COMMIT under OUT, with what its build would have generated before
# compiling a .c file, and OUT/compile_commands.json for the files (default
# Xen's PoD path: xen/arch/x86/mm/p2m-pod.c, p2m.c, p2m-pt.c) as that build
# records them.  The x86 twin of prepare-tree.sh; the tree's own files are
# not changed and nothing here is Xen's code.  For trees before Xen 4.17
# moved the arch headers to xen/arch/x86/include (2022).
#
# Generated (what `make` writes first; here the minimum the headers need):
#   xen/include/asm -> asm-x86         the arch link
#   xen/include/generated/autoconf.h   CONFIG_X86, CONFIG_X86_64, what
#                                      arch/x86/Kconfig selects for them, and
#                                      the PoD path's own: HVM (which selects
#                                      COMPAT, IOREQ_SERVER, MEM_ACCESS_ALWAYS_ON),
#                                      SHADOW_PAGING, PV, MEM_ACCESS
#   xen/include/asm-x86/asm-offsets.h  empty: offsets are for assembly
#   xen/include/compat/*.h             see compat_stub below
# The build's own flags (arch.mk, Rules.mk): -nostdinc with the compiler's
# own header dir, -include xen/config.h, -I include/asm-x86/mach-generic
# and mach-default, --target=x86_64-linux-gnu.
set -eu
[ $# -ge 3 ] || { echo "usage: prepare-tree-x86.sh GIT_DIR COMMIT OUT [FILE.c...]" >&2; exit 2; }
git_dir=$1 commit=$2 out=$3
shift 3
[ $# -gt 0 ] || set -- xen/arch/x86/mm/p2m-pod.c xen/arch/x86/mm/p2m.c xen/arch/x86/mm/p2m-pt.c
mkdir -p "$out"
out=$(cd "$out" && pwd)
git --git-dir="$git_dir" archive "$commit" xen/include xen/arch/x86 | tar -x -C "$out"
inc=$out/xen/include
[ -d "$inc/asm-x86" ] || { echo "prepare-tree-x86.sh: no xen/include/asm-x86 at $commit (Xen 4.17 and later keep it in xen/arch/x86/include)" >&2; exit 2; }
[ -e "$inc/asm" ] || ln -s asm-x86 "$inc/asm"
mkdir -p "$inc/generated"
{
	echo '/* written by prepare-tree-x86.sh: Kconfig for X86_64, HVM and what they select */'
	echo '#define CONFIG_X86 1'
	echo '#define CONFIG_X86_64 1'
	echo '#define CONFIG_64BIT 1'
	echo '#define CONFIG_NR_CPUS 4'
	echo '#define CONFIG_PV 1'
	echo '#define CONFIG_HVM 1'
	echo '#define CONFIG_SHADOW_PAGING 1'
	echo '#define CONFIG_MEM_ACCESS 1'
	# the selects of `config X86_64`, `config X86` and `config HVM`, up to the next config
	awk '/^config /{on = ($2 == "X86_64" || $2 == "X86" || $2 == "HVM")} on && /^[ \t]+select /{print "#define CONFIG_" $2 " 1"}' \
		"$out/xen/arch/x86/Kconfig"
} | awk 'NR == 1 || !seen[$0]++' > "$inc/generated/autoconf.h"
[ -e "$inc/asm-x86/asm-offsets.h" ] || echo '/* written by prepare-tree-x86.sh: the offsets are for assembly */' > "$inc/asm-x86/asm-offsets.h"
clang_inc=$(clang -print-resource-dir)/include
x=$out/xen
# the rest with the tree's own generators and its Makefiles' recipes
git --git-dir="$git_dir" archive "$commit" xen/tools | tar -x -C "$out"
# xen/include/xen/lib/x86/Makefile
python3 "$x/tools/gen-cpuid.py" -i "$inc/public/arch-x86/cpufeatureset.h" -o "$inc/xen/lib/x86/cpuid-autogen.h"
# arch/x86/Makefile writes asm-macros.h as C that includes itself as
# assembly, then the preprocessed asm-macros.c inside `#if 0`: that part
# is for the assembler, the C part is all a C file sees
{
	echo '#if 0'; echo '.if 0'; echo '#endif'
	echo '#ifndef __ASM_MACROS_H__'; echo '#define __ASM_MACROS_H__'
	echo "asm ( \".include \\\"$inc/asm-x86/asm-macros.h\\\"\" );"
	echo '#endif /* __ASM_MACROS_H__ */'
	echo '#if 0'; echo '.endif'; echo '#endif'
} > "$inc/asm-x86/asm-macros.h"
# xen/include/Makefile, CONFIG_COMPAT: compat/X.h from public/X.h, built
# for x86_32 (-m32), and compat/xlat.h from xlat.lst
compat="arch-x86_32 elfnote event_channel features memory nmi physdev platform pmu sched vcpu version
	xen arch-x86/pmu arch-x86/xen-mca arch-x86/xen arch-x86/xen-x86_32 callback hvm/dm_op hvm/hvm_op hvm/hvm_vcpu"
(
	cd "$inc"
	for h in $compat; do
		mkdir -p "compat/$(dirname "$h")"
		python3 "$x/tools/compat-build-source.py" xlat.lst < "public/$h.h" > "compat/$h.c"
		clang -E --target=x86_64-linux-gnu -m32 -nostdinc -isystem "$clang_inc" -D__XEN__ -I"$inc" \
			-include public/xen-compat.h -DXEN_GENERATING_COMPAT_HEADERS -o "compat/$h.i" "compat/$h.c"
		python3 "$x/tools/compat-build-header.py" "compat/$h.h" < "compat/$h.i" > "compat/$h.h"
	done
	mkdir -p compat/.xlat
	for h in $(sed -ne 's,@arch@,x86_32,g' -re 's,^[?!][[:blank:]]+[^[:blank:]]+[[:blank:]]+,,p' xlat.lst | uniq); do
		case " $(echo $compat) " in *" ${h%.h} "*) ;; *) continue ;; esac
		b=${h%.h}
		mkdir -p "compat/.xlat/$(dirname "$b")"
		grep -v '^[[:blank:]]*#' xlat.lst | sed -ne 's,@arch@,x86_32,g' -re "s,[[:blank:]]+$b\.h[[:blank:]]*\$,,p" > "compat/.xlat/$b.lst"
		while read what name; do
			PYTHON=python3 sh "$x/tools/get-fields.sh" "$what" "compat_$name" "compat/$h" || exit 1
		done < "compat/.xlat/$b.lst" > "compat/.xlat/$h"
		cat "compat/.xlat/$h"
	done > compat/xlat.h
)
python3 "$(dirname "$0")/compile-commands.py" "$out" -I@XEN@/include/asm-x86/mach-generic \
	-I@XEN@/include/asm-x86/mach-default --target=x86_64-linux-gnu -msoft-float -mno-red-zone -fpic -- "$@"
echo "prepare-tree-x86.sh: $out at $commit, $out/compile_commands.json for $*"
