#!/bin/sh
# Generic device-API headers without a tree: extract/test/linuxlib/drivers/
# misc/irqgate.c is a platform driver in kernel style (lockspin's own) that
# includes only linux/module.h, platform_device.h, interrupt.h, io.h, of.h,
# pm_runtime.h, slab.h, err.h (and the lock API), and uses devm_kzalloc(),
# devm_platform_ioremap_resource(), platform_get_irq(), devm_request_irq(),
# readl()/writel(), module_platform_driver(), MODULE_DEVICE_TABLE().  It
# compiles natively with -Wall -Wextra -Werror and for the front end with
# harness/include alone, and each variant's verdict depends on
# linux/interrupt.h's line depth meaning the kernel's: an unlocked mask in
# the handler lets the re-arm enable a line that is not masked (the kernel's
# "Unbalanced enable for IRQ" WARN), synchronize_irq() may sleep, and the
# handler on the CPU that holds the lock with interrupts on is lockdep's
# inversion.  The registers are untracked I/O: readl()/writel() are calls
# --explain lists as ignored.  The handler locks with guard(spinlock), the
# close with scoped_guard(spinlock_irqsave).  The side-car binds the handler's void *
# dev_id-style field (LS_POINTS_TO on a void * field) in
# spec/sidecar/linux/uio_pdrv_genirq.sidecar.c; here it is the handler's
# argument.
. "$(dirname "$0")/../lib.sh"
d=extract/test/linuxlib
sc=$d/irqgate.sidecar.c
f=$d/drivers/misc/irqgate.c

if ${CC:-cc} -std=gnu11 -fsyntax-only -Wall -Wextra -Werror -Iharness/include -Iharness $f 2>"$tmp/cc"; then
	ok "irqgate.c compiles natively against harness/include (-Wall -Wextra -Werror)"
else
	bad "irqgate.c native compile"; head -n 5 "$tmp/cc"
fi
$LOCKSPIN check --quiet --results "$tmp/r" --work "$tmp/w" --sidecar $sc $f >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then ok "irqgate.c checks with harness/include alone"; else
	bad "irqgate.c (exit $rc)"; head -n 5 "$tmp/out" "$tmp/err"; fi
want() { # variant verdict [text]
	if grep "^$sc $1: $2" "$tmp/out" | grep -F "${3:-}" | grep -q "(expected $2)"; then ok "$1: $2"; else
		bad "$1: want $2 ${3:-}"; fi
}
want ok ok
want nolock assertion "assertion 'Unbalanced enable for IRQ' failed in thread 't_reader(&gate)'"
want closed ok
want close_sync assertion "might_sleep()"
want plain irq-inversion "takes 'gate.lock'"

# the unbalanced enable is cited at the driver's line
t=$(find "$tmp/r" -path '*nolock/trace.txt' | head -n 1)
l=$(grep -n 'enable_irq(gate->irq);' $f | cut -d: -f1)
if [ -n "$t" ] && grep -q "at $f:$l:" "$t"; then ok "unbalanced enable cited at $f:$l"; else
	bad "unbalanced enable's line"; tail -n 6 "$t"; fi

# registers are untracked I/O: the accessors are ignored calls, the lock
# and line operations are not
$LOCKSPIN --explain --variant ok --sidecar $sc $f >"$tmp/explain" 2>&1
if grep "ignored" "$tmp/explain" | grep -q "readl"; then ok "readl() is untracked I/O"; else
	bad "readl() not listed as ignored"; head -n 20 "$tmp/explain"; fi
if grep "ignored" "$tmp/explain" | grep -q "enable_irq\|disable_irq\|spin_lock"; then
	bad "a line or lock operation is ignored"; grep ignored "$tmp/explain" | head -n 5
else ok "no line or lock operation is ignored"; fi

# natively the headers run: devm_/readl()/writel() on the side-car's
# registers (LS_POINTS_TO on the void __iomem * field), the handler and the
# guards; the inversion replays on the real threads
$LOCKSPIN check --quiet --variant plain --replay-runs 2 --results "$tmp/r4" --work "$tmp/w" --sidecar $sc $f >"$tmp/out4" 2>&1
if grep -q "replayed on the real code: confirmed 2/2" "$tmp/out4"; then ok "plain replays natively (2/2)"; else
	bad "plain native replay"; head -n 5 "$tmp/out4"; fi

finish
