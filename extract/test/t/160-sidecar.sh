#!/bin/sh
# Side-car programs: spec/sidecar/'s three Xen-style files, which carry no
# lockspin annotation, checked as one program with only vgic.sidecar.c and
# the compile_commands.json a build would record (generated here with this
# checkout's real paths).  Verdicts, traces and SARIF in the files' own
# lines, the recorded flags, side-car names that do not exist (file:line:col,
# exit 2), unreached and reached unsupported code, LS_ABSTRACT.
. "$(dirname "$0")/../lib.sh"
d=spec/sidecar
files="$d/vgic.c $d/gic.c $d/vgic-v2.c"
sh $d/compile_commands.sh "$tmp/compile_commands.json" || bad "compile_commands.sh"
cc="--compile-commands $tmp/compile_commands.json"

# --- the verdicts: the ABBA in the unmodified files, the fix as an LS_REPLACE
$LOCKSPIN check --quiet --results "$tmp/r" --work "$tmp/w" $cc --sidecar $d/vgic.sidecar.c $files \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q '^spec/sidecar/vgic.sidecar.c bad: deadlock: .*(expected deadlock)' "$tmp/out" &&
	grep -q '^spec/sidecar/vgic.sidecar.c ok: ok (expected ok)' "$tmp/out"; then
	ok "side-car program: bad deadlock, ok ok"
else
	bad "side-car program verdicts (exit $rc)"; cat "$tmp/out" "$tmp/err" | head -n 10
fi

# --- the trace cites the upstream files' own lines: the two acquisitions of
# the cycle where they are written, in vgic-v2.c and gic.c
t="$tmp/r/sidecar/vgic.sidecar/bad/trace.txt"
l_rank=$(grep -n 'spin_lock_irqsave(&rank->lock' $d/vgic-v2.c | cut -d: -f1)
l_vgic=$(grep -n 'spin_lock_irqsave(&v->arch.vgic.lock' $d/gic.c | cut -d: -f1)
l_get=$(grep -n 'spin_lock_irqsave(&rank->lock' $d/vgic.c | cut -d: -f1)
if [ -n "$l_rank" ] && grep -q "spec/sidecar/vgic-v2.c:$l_rank: spin_lock_irqsave(&rank->lock, flags);" "$t" &&
	grep -q "spec/sidecar/gic.c:$l_vgic: spin_lock_irqsave(&v->arch.vgic.lock, flags);" "$t" &&
	grep -q "waits for 'shared_ranks\[0\].lock' at spec/sidecar/vgic.c:$l_get" "$t"; then
	ok "trace in the upstream lines (vgic-v2.c:$l_rank, gic.c:$l_vgic, vgic.c:$l_get)"
else
	bad "trace lines"; head -n 30 "$t"
fi
if grep -q '"uri": *"spec/sidecar/vgic-v2.c"' "$tmp/r/lockspin.sarif" &&
	grep -q '"uri": *"spec/sidecar/gic.c"' "$tmp/r/lockspin.sarif"; then
	ok "SARIF cites the upstream files"
else
	bad "SARIF locations"
fi

l_clr=$(grep -n 'gic_hw_ops->clear_lr(lr);' $d/gic.c | cut -d: -f1)
if $LOCKSPIN --explain --variant bad $cc --sidecar $d/vgic.sidecar.c $files 2>&1 |
	grep -q "spec/sidecar/gic.c:$l_clr:2: note: call through 'gic_hw_ops->clear_lr' reaches 'gicv2_clear_lr' (LS_TARGETS_OF at spec/sidecar/vgic.sidecar.c:"; then
	ok "--explain lists each ops-table call the side-car binds"
else
	bad "--explain of LS_TARGETS_OF"
fi

# --- the recorded flags are read: without them config.h is not forced in
expect_usage 'spec/sidecar/vgic.h:14:2: error: "built without config.h' \
	$LOCKSPIN --list --sidecar $d/vgic.sidecar.c $files
sed 's/"vgic-v2.c"/"other.c"/' "$tmp/compile_commands.json" >"$tmp/cc2.json"
mkdir -p "$tmp/cc2" && mv "$tmp/cc2.json" "$tmp/cc2/compile_commands.json"
expect_usage "spec/sidecar/vgic-v2.c: error: 'spec/sidecar/vgic-v2.c' has no entry in '$tmp/cc2/compile_commands.json'" \
	$LOCKSPIN --list --compile-commands "$tmp/cc2/compile_commands.json" --sidecar $d/vgic.sidecar.c $files
sed 's/"-DCONFIG_GICV2=1", "-c", "gic.c"/"-DCONFIG_GICV2=2", "-c", "gic.c"/' "$tmp/compile_commands.json" |
	python3 -c 'import json,sys; e=json.load(sys.stdin); e[1]["arguments"][7]="-DCONFIG_GICV2=3"; json.dump(e, sys.stdout)' \
	>"$tmp/cc2/compile_commands.json"
expect_usage "'spec/sidecar/gic.c' is compiled with -DCONFIG_GICV2=3 but 'spec/sidecar/vgic.c' with -DCONFIG_GICV2=1" \
	$LOCKSPIN --list --compile-commands "$tmp/cc2/compile_commands.json" --sidecar $d/vgic.sidecar.c $files
expect_usage "--compile-commands needs a file named compile_commands.json, not 'vgic.h'" \
	$LOCKSPIN --list --compile-commands $d/vgic.h --sidecar $d/vgic.sidecar.c $files
# without a side-car each file is a spec of its own, with its own entry
expect_usage "spec/basics/abba.c: error: 'spec/basics/abba.c' has no entry in '$tmp/compile_commands.json'" \
	$LOCKSPIN --list $cc spec/basics/abba.c
expect_usage "spec/sidecar/vgic.c: error: no LS_SCENARIO in this file" $LOCKSPIN --dump=ir $cc $d/vgic.c
expect_usage "--sidecar needs the upstream files it annotates" $LOCKSPIN check --sidecar $d/vgic.sidecar.c

# --- every name a side-car gives must exist: file:line:col, exit 2
# sidecar_with LINE: the side-car with LINE added after its #include, in $tmp
sidecar_with() {
	sed "/^#include \"lockspin-sidecar.h\"/a $1" $d/vgic.sidecar.c >"$tmp/s.c"
}
bad_name() {
	sidecar_with "$1"
	expect_usage "$2" $LOCKSPIN --dump=ir --variant bad $cc --sidecar "$tmp/s.c" $files
}
bad_name 'LS_FIELD(struct vgic_irq_rank, vcpus, LS_STATE);' \
	"$tmp/s.c:11:1: error: no member named 'vcpus' in 'struct vgic_irq_rank'"
bad_name 'LS_FIELD(struct vgic_rank, vcpu, LS_STATE);' "$tmp/s.c:11:1: error: "
bad_name 'LS_GLOBAL(shared_rank, LS_STATE);' "$tmp/s.c:11:1: error: use of undeclared identifier 'shared_rank'"
bad_name 'LS_TARGETS_OF(gic_hw_ops, update_lr, gicv3_update_lr);' \
	"$tmp/s.c:11:1: error: use of undeclared identifier 'gicv3_update_lr'"
bad_name 'LS_TARGETS_OF(gic_hw_ops, eoi_irq, gicv2_clear_lr);' \
	"$tmp/s.c:11:1: error: no member named 'eoi_irq' in 'struct gic_hw_operations'"
bad_name 'LS_ABSTRACT(vgic_migrate, LS_IGNORE);' "$tmp/s.c:11:1: error: use of undeclared identifier 'vgic_migrate'"
bad_name 'LS_REPLACE(vgic_migrate_irq, my_migrate);' "$tmp/s.c:11:1: error: use of undeclared identifier 'my_migrate'"
bad_name 'LS_TARGETS_OF(gic_hw_ops, clear_lr, register_gic_ops, vgic_rank_irq, gic_update_one_lr, ls__progress);' \
	"$tmp/s.c:11:1: error: LS_TARGETS_OF names 'ls__progress', which is not a function defined in the given files"
bad_name 'LS_GLOBAL(register_gic_ops, LS_STATE);' \
	"$tmp/s.c:11:1: error: LS_GLOBAL names 'register_gic_ops', which is not a global variable"
bad_name 'LS_ABSTRACT(vgic_migrate_irq, LS_STATE);' \
	"$tmp/s.c:11:1: error: LS_ABSTRACT(vgic_migrate_irq, ...) needs LS_IGNORE or LS_RESULT(lo, hi)"
bad_name 'LS_FIELD(struct domain, nr_lrs, LS_STATE);' "$tmp/s.c:11:1: error: modelled int 'nr_lrs' needs LS_RANGE(lo, hi)"

# --- abstraction: LS_ABSTRACT(LS_IGNORE) drops the migration's vgic lock
# (the ABBA goes with it), and --explain says so at the call
sidecar_with 'LS_ABSTRACT(vgic_migrate_irq, LS_IGNORE);'
l_mig=$(grep -n 'vgic_migrate_irq(&vcpus' $d/vgic-v2.c | cut -d: -f1)
if $LOCKSPIN --explain --variant bad $cc --sidecar "$tmp/s.c" $files 2>&1 |
	grep -q "spec/sidecar/vgic-v2.c:$l_mig:.*call to 'vgic_migrate_irq' ignored (LS_ABSTRACT in the side-car)"; then
	ok "--explain lists LS_ABSTRACT at the upstream call"
else
	bad "--explain of LS_ABSTRACT"; $LOCKSPIN --explain --variant bad $cc --sidecar "$tmp/s.c" $files 2>&1 | head
fi
$LOCKSPIN check --quiet --results "$tmp/r2" --work "$tmp/w" --variant bad $cc --sidecar "$tmp/s.c" $files \
	>"$tmp/out" 2>&1
if [ $? -eq 1 ] && grep -q 'bad: ok (expected deadlock)' "$tmp/out"; then
	ok "LS_ABSTRACT(LS_IGNORE) changes the model (no deadlock left)"
else
	bad "LS_ABSTRACT(LS_IGNORE) check"; cat "$tmp/out"
fi
# an int result: any value of the range, the body (a computed goto) not
# lowered; a pointer result is untracked, and a lock reached through it an
# error at the upstream line
sidecar_with 'LS_ABSTRACT(vgic_dump_state, LS_RESULT(0, 2));'
sed -i 's/^	gic_update_one_lr(&vcpus\[0\], 0, 1);/	if (vgic_dump_state(0) == 2) gic_update_one_lr(\&vcpus[0], 0, 1);/' "$tmp/s.c"
$LOCKSPIN --explain --variant bad $cc --sidecar "$tmp/s.c" $files >"$tmp/out" 2>&1
if grep -q "call to 'vgic_dump_state' abstracted by the side-car: any result 0..2" "$tmp/out" &&
	$LOCKSPIN check --quiet --results "$tmp/r3" --work "$tmp/w" --variant bad $cc --sidecar "$tmp/s.c" $files \
		>"$tmp/out" 2>&1; then
	ok "LS_RESULT: any result, the body not lowered, still the deadlock"
else
	bad "LS_RESULT"; cat "$tmp/out" | head
fi
sidecar_with 'LS_ABSTRACT(vgic_rank_irq, LS_RESULT(0, 1));'
expect_usage "spec/sidecar/vgic.c:$l_get:2: error: lock 'rank->lock' is reached through untracked pointer 'rank'" \
	$LOCKSPIN --dump=ir --variant bad $cc --sidecar "$tmp/s.c" $files

# --- unreached code is not lowered (vgic_dump_state's computed goto), but
# reached it is an error at its line
sidecar_with 'static void dump(void *a) { (void)a; vgic_dump_state(1); }'
sed -i 's/ls_thread(guest_itargetsr, NULL);/ls_thread(dump, NULL);/' "$tmp/s.c"
l_goto=$(grep -n 'goto \*tab' $d/vgic.c | cut -d: -f1)
expect_usage "spec/sidecar/vgic.c:$l_goto:2: error: computed goto" $LOCKSPIN --dump=ir $cc --sidecar "$tmp/s.c" $files

# ok_and_assertion RESULTS GOOD BAD PATTERN NAME: the ok variant with side-car
# GOOD is ok (exit 0), with side-car BAD an assertion matching PATTERN (exit 1)
ok_and_assertion() {
	$LOCKSPIN check --quiet --results "$tmp/$1" --work "$tmp/w" --variant ok $cc --sidecar "$2" $files >"$tmp/out" 2>&1
	rc1=$?
	$LOCKSPIN check --quiet --results "$tmp/$1" --work "$tmp/w" --variant ok $cc --sidecar "$3" $files >"$tmp/out2" 2>&1
	rc2=$?
	if [ $rc1 -eq 0 ] && [ $rc2 -eq 1 ] && grep -q "$4" "$tmp/out2"; then
		ok "$5"
	else
		bad "$5 ($rc1, $rc2)"; cat "$tmp/out" "$tmp/out2" | head
	fi
}

# a modelled pointer to a struct with nothing modelled of its own
# (v->domain): NULL or which object, set by the scenario
sed -e '/^#include "lockspin-sidecar.h"/a LS_FIELD(struct vcpu, domain, LS_STATE);' \
	-e 's/^	gic_update_one_lr(&vcpus\[0\], 0, 1);/	ASSERT(vcpus[0].domain == \&dom0);/' $d/vgic.sidecar.c >"$tmp/s.c"
sed 's/^	ls_thread(guest_eoi, NULL);/	vcpus[0].domain = \&dom0;\n	ls_thread(guest_eoi, NULL);/' "$tmp/s.c" >"$tmp/s2.c"
ok_and_assertion r5 "$tmp/s2.c" "$tmp/s.c" 'ok: assertion' \
	"modelled pointer to a struct without locks or state (v->domain)"

# per-CPU data: each thread is a CPU; gic_update_one_lr() sets its own
# CPU's lr_pending (this_cpu), not another's (per_cpu(x, 1))
sed -e '/^#include "lockspin-sidecar.h"/a LS_PER_CPU(lr_pending, LS_STATE);' \
	-e 's/^	gic_update_one_lr(&vcpus\[0\], 0, 1);/&\n	ASSERT(this_cpu(lr_pending));/' $d/vgic.sidecar.c >"$tmp/s.c"
sed 's/ASSERT(this_cpu(lr_pending));/ASSERT(per_cpu(lr_pending, 1));/' "$tmp/s.c" >"$tmp/s2.c"
ok_and_assertion r6 "$tmp/s.c" "$tmp/s2.c" "ok: assertion: assertion 'ASSERT(per_cpu(lr_pending, 1))'" \
	"per-CPU data through the side-car (LS_PER_CPU, this_cpu, per_cpu)"

# the same for a struct the model cannot hold: vgic_rdist's array of
# lock-bearing ranks is no error until a thread reaches into it
sidecar_with 'static void v3(void *a) { (void)a; vgic_v3_lock_rank(\&vgic_rdist0, 1); }'
sed -i 's/ls_thread(guest_itargetsr, NULL);/ls_thread(v3, NULL);/' "$tmp/s.c"
l_v3=$(grep -n 'spin_lock(&rd->ranks\[n\].lock)' $d/vgic.c | cut -d: -f1)
l_decl=$(grep -n 'struct vgic_irq_rank ranks\[NR_RANKS\];' $d/vgic.h | cut -d: -f1)
expect_usage "spec/sidecar/vgic.c:$l_v3:2: error: 'rd->ranks': array 'ranks' of structs with locks or state inside a struct cannot be modelled (declared at spec/sidecar/vgic.h:$l_decl)" \
	$LOCKSPIN --dump=ir --variant bad $cc --sidecar "$tmp/s.c" $files
finish
