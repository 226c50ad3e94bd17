#!/bin/sh
# The Linux lock-API headers over an upstream tree: extract/test/upstream/linux/
# is a fake Linux tree (headers with Linux's names, include guards and
# shapes: spinlock_t in spinlock_types.h over raw_spinlock_t, inline
# spin_lock() over _raw_spin_lock(), struct mutex in mutex_types.h,
# DEFINE_GUARD(mutex, ...) and DEFINE_LOCK_GUARD_1(spinlock_irqsave, ...) in
# cleanup.h's shapes, atomic_t and struct list_head in linux/types.h, inline
# atomic_read() and INIT_LIST_HEAD(), bool as a typedef, no C library) and
# drivers/net/fakenic/fakenic.c, a driver that uses them (-D__KERNEL__,
# -nostdinc, the forced compiler_types.h, as Kbuild records).  With
# --compile-commands lockspin's headers read the tree's of the same name and
# replace only the locking API: the file parses, the verdicts are right and
# cite the file's lines; without the layering the parse fails.
. "$(dirname "$0")/../lib.sh"
u=extract/test/upstream/linux
sc=$u/fakenic.sidecar.c
f=$u/drivers/net/fakenic/fakenic.c
mkdir -p "$tmp/cc"
sh $u/compile_commands.sh "$tmp/cc/compile_commands.json" || bad "compile_commands.sh"
cc="--compile-commands $tmp/cc/compile_commands.json"

# the tree is a kernel tree: the driver compiles against its headers alone
flags=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[0]["arguments"]; print(" ".join(x for x in a[1:] if x not in ("-c","fakenic.c","-o","fakenic.o")))' "$tmp/cc/compile_commands.json")
if (cd $u/drivers/net/fakenic && clang -fsyntax-only $flags fakenic.c) 2>"$tmp/clang.err"; then
	ok "the fake tree builds on its own"
else
	bad "the fake tree does not build on its own"; head -n 10 "$tmp/clang.err"
fi

$LOCKSPIN check --quiet --results "$tmp/r" --work "$tmp/w" $cc --sidecar $sc $f >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^$sc bad: irq-inversion: interrupt handler 't_irq(&fakenics\[0\])' takes 'fakenics\[0\].tx_lock'.*(expected irq-inversion)" "$tmp/out" &&
	grep -q "^$sc ok: ok (expected ok)" "$tmp/out"; then
	ok "over the fake Linux tree: bad irq-inversion, ok ok"
else
	bad "verdicts over the fake Linux tree (exit $rc)"; cat "$tmp/out" "$tmp/err" | head -n 10
fi
t="$tmp/r/fakenic.sidecar/bad/trace.txt"
l_to=$(grep -n 'spin_lock(&nic->tx_lock);' $f | sed -n 2p | cut -d: -f1)
l_irq=$(grep -n 'spin_lock(&nic->tx_lock);' $f | sed -n 1p | cut -d: -f1)
if [ -n "$l_to" ] && grep -q "$f:$l_to: spin_lock(&nic->tx_lock);" "$t" && grep -q "$f:$l_irq: spin_lock(&nic->tx_lock);" "$t"; then
	ok "trace in the driver's lines (fakenic.c:$l_to, fakenic.c:$l_irq)"
else
	bad "trace lines"; head -n 30 "$t"
fi
# guard(mutex) and scoped_guard(spinlock_irqsave) are lockspin's: the ok
# variant's model takes cfg_mutex and restores the interrupt flag
$LOCKSPIN --dump=ir --variant ok $cc --sidecar $sc $f >"$tmp/ir" 2>"$tmp/ir.err"
if grep -q 'acquire fakenics\[0\].cfg_mutex' "$tmp/ir" && grep -q 'release fakenics\[0\].cfg_mutex' "$tmp/ir" &&
	grep -q 'cpu.irqs_off\[0\] = %irqflags' "$tmp/ir"; then
	ok "guard(mutex) and scoped_guard(spinlock_irqsave) are the model's lock steps"
else
	bad "guards over the tree"; head -n 20 "$tmp/ir" "$tmp/ir.err"
fi

# the layering is what makes it parse: with -I alone (no LS_UPSTREAM)
# lockspin's headers do not read the tree's where it has one of its own,
# and the two define the kernel's types twice (linux/interrupt.h's
# request_irq() is lockspin's now, so the first error is no longer that)
expect_usage "harness/include/linux/list.h:25:8: error: redefinition of 'list_head'" \
	$LOCKSPIN --dump=ir -D__KERNEL__ -I $u/include --sidecar $sc $f

# the overlay replaces the tree's macros without a redefinition
if (cd $u/drivers/net/fakenic && clang -fsyntax-only -Werror=macro-redefined -Wno-unused-function -I"$OLDPWD/harness/include" \
	-DLS_FRONTEND=1 -DLS_UPSTREAM=1 $flags -I"$OLDPWD/harness" fakenic.c) 2>"$tmp/clang.err"; then
	ok "no macro of the tree is redefined without #undef"
else
	bad "macro redefinitions"; head -n 10 "$tmp/clang.err"
fi
finish
