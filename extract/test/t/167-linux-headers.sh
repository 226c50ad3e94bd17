#!/bin/sh
# Generic kernel headers without a tree: extract/test/linuxlib/lib/objcache.c
# is a lib/ file in kernel style (lockspin's own) that includes only what a
# lib/ file does (linux/export.h, linux/spinlock.h, linux/atomic.h,
# linux/jiffies.h, linux/printk.h, linux/ratelimit.h) and uses
# EXPORT_SYMBOL(), atomic_add_unless(), atomic_inc_not_zero(),
# atomic_try_cmpxchg(), time_is_before_jiffies(), DEFINE_RATELIMIT_STATE,
# ratelimit_state_inc_miss()/reset_miss(), printk_deferred(KERN_WARNING ...).
# With harness/include alone it parses, and each variant's verdict depends
# on one of those meaning what the kernel's does; lib/objref.c the same for
# linux/refcount.h, with EXPORT_SYMBOL() reached through linux/spinlock.h
# alone, as the kernel's linux/linkage.h gives it.  Then the trace of a check
# that passes in a loop and fails at a later pass marks the failing pass;
# and over the fake Linux tree a tree's declaration of _atomic_dec_and_lock()
# (over its own spinlock_t) does not clash with the program's, and a tree's
# inline ratelimit helpers are replaced by lockspin's.
. "$(dirname "$0")/../lib.sh"
d=extract/test/linuxlib
sc=$d/objcache.sidecar.c
f=$d/lib/objcache.c

$LOCKSPIN check --quiet --results "$tmp/r" --work "$tmp/w" --sidecar $sc $f >"$tmp/out" 2>"$tmp/err"
rc=$?
want() { # variant verdict
	if grep -q "^$sc $1: $2.*(expected $2)" "$tmp/out"; then ok "$1: $2"; else bad "$1: want $2"; fi
}
if [ $rc -eq 0 ]; then ok "objcache.c parses and checks with harness/include alone"; else
	bad "objcache.c (exit $rc)"; head -n 5 "$tmp/out" "$tmp/err"; fi
want put_ok ok
want tryget_ok ok
want claim_ok ok
want claim_drain out-of-range
want stale assertion
want fresh ok
want miss_ok ok
want atomics_ok ok
# the calls are the model's steps, not ignored calls (an inline function
# in a header would be: 'call to undefined function ... ignored')
$LOCKSPIN --explain --variant claim_ok --sidecar $sc $f >"$tmp/explain" 2>&1
if grep -q "ignored" "$tmp/explain"; then bad "a call is ignored"; grep ignored "$tmp/explain" | head -n 5; else
	ok "no call of objcache.c is ignored"; fi

# --- lib/objref.c: linux/refcount.h, and EXPORT_SYMBOL() through
# linux/spinlock.h (linux/linkage.h) without linux/export.h
sc2=$d/objref.sidecar.c
$LOCKSPIN check --quiet --results "$tmp/r2" --work "$tmp/w" --sidecar $sc2 $d/lib/objref.c >"$tmp/out2" 2>"$tmp/err2"
rc=$?
if [ $rc -eq 0 ]; then ok "objref.c parses without linux/export.h"; else
	bad "objref.c (exit $rc)"; head -n 5 "$tmp/out2" "$tmp/err2"; fi
want2() { # variant verdict [text]
	if grep "^$sc2 $1: $2" "$tmp/out2" | grep -F "${3:-}" | grep -q "(expected $2)"; then ok "$1: $2"; else
		bad "$1: want $2 ${3:-}"; fi
}
want2 locked_ok ok
want2 get_uaf assertion "assertion 'refcount_t: addition on 0; use-after-free.' failed in thread 't_user"
want2 tryget_ok ok
want2 drop_last assertion "assertion 'refcount_t: decrement hit 0; leaking memory.'"

# --- the failing pass of a check in a loop: t_drain() unclaims three times,
# the range check of users passes twice and fails at the third; the trace
# marks that step, the trail's last (before, the second pass, which held)
t="$tmp/r/linuxlib/objcache.sidecar/claim_drain/trace.txt"
[ -f "$t" ] || t=$(find "$tmp/r" -path '*claim_drain/trace.txt' | head -n 1)
marked=$(grep '^>' "$t" | awk '{print $2}')
last=$(sed -n 's/^Interleaving (\([0-9]*\) steps.*/\1/p' "$t")
if [ -n "$marked" ] && [ "$marked" = "$last" ]; then
	ok "the failing pass is marked (step $marked, the last)"
else
	bad "marked step '$marked', the thread's last is '$last'"; grep -n "T1" "$t" | tail -n 5
fi
l=$(grep -n 'atomic_dec(&obj->users);' $f | cut -d: -f1)
if grep -q "^Run-time check failed (out-of-range)" "$t" && grep -q "at $f:$l:" "$t"; then
	ok "failing check cited at $f:$l"
else
	bad "failing check's line"; tail -n 8 "$t"
fi

# --- over a tree: its spinlock.h declares _atomic_dec_and_lock() over its
# own spinlock_t (renamed away while it is read); the program's is over
# lockspin's.  Without the rename the declarations conflict.
u=extract/test/upstream/linux
mkdir -p "$tmp/cc"
sh $u/compile_commands.sh "$tmp/cc/compile_commands.json" || bad "compile_commands.sh"
$LOCKSPIN --dump=ir --variant ok --compile-commands "$tmp/cc/compile_commands.json" \
	--sidecar $u/fakenic.sidecar.c $u/drivers/net/fakenic/fakenic.c >"$tmp/ir" 2>"$tmp/ir.err"
if [ $? -eq 0 ] && grep -q '_atomic_dec_and_lock' $u/include/linux/spinlock.h; then
	ok "a tree's _atomic_dec_and_lock() does not clash"
else
	bad "the tree's _atomic_dec_and_lock()"; head -n 5 "$tmp/ir.err"
fi

# --- over a tree whose linux/ratelimit.h has the helpers as inline
# functions (lib/fakerl.c of the fake tree): lockspin's macros replace
# them, so the misses are counted (without: 'missed == 2' over untracked
# data, exit 2)
if (cd $u/lib && clang -fsyntax-only -std=gnu11 -nostdinc -isystem "$(clang -print-resource-dir)/include" -D__KERNEL__ \
	-include ../include/linux/compiler_types.h -I../include fakerl.c) 2>"$tmp/clang.err"; then
	ok "the fake tree's lib/fakerl.c builds on its own"
else
	bad "fakerl.c does not build on its own"; head -n 5 "$tmp/clang.err"
fi
$LOCKSPIN check --quiet --results "$tmp/r3" --work "$tmp/w" --compile-commands "$tmp/cc/compile_commands.json" \
	--sidecar $u/fakerl.sidecar.c $u/lib/fakerl.c >"$tmp/out3" 2>&1
if [ $? -eq 0 ] && grep -q "^$u/fakerl.sidecar.c miss_ok: ok (expected ok)" "$tmp/out3"; then
	ok "over the tree, its inline ratelimit helpers are model steps"
else
	bad "the tree's inline ratelimit helpers"; head -n 5 "$tmp/out3"
fi
finish
