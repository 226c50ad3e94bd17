#!/bin/sh
# The lock-API headers over an upstream tree: extract/test/upstream/xen/ is
# a fake Xen tree (headers with Xen's names, include guards and shapes,
# declaring besides the locking API what code uses from them: atomic_t,
# struct lock_profile_qhead, DIV_ROUND_UP, memset, per-CPU cpu_id, inline
# asm in arch headers) and common/pool.c code that needs all of it.  With
# --compile-commands lockspin's headers read the tree's of the same name and
# replace only the locking API: the file parses, the verdicts are right and
# cite the file's lines; reached inline asm is an error at its line, asm in
# unreached header code is not; without the layering the parse fails.
. "$(dirname "$0")/../lib.sh"
u=extract/test/upstream/xen
sc=$u/pool.sidecar.c
mkdir -p "$tmp/cc"
sh $u/compile_commands.sh "$tmp/cc/compile_commands.json" || bad "compile_commands.sh"
cc="--compile-commands $tmp/cc/compile_commands.json"

$LOCKSPIN check --quiet --results "$tmp/r" --work "$tmp/w" --variant bad --variant ordered $cc --sidecar $sc \
	$u/common/pool.c >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^$sc bad: deadlock: .*(expected deadlock)" "$tmp/out" &&
	grep -q "^$sc ordered: ok (expected ok)" "$tmp/out"; then
	ok "over the fake Xen tree: bad deadlock, ordered ok"
else
	bad "verdicts over the fake tree (exit $rc)"; cat "$tmp/out" "$tmp/err" | head -n 10
fi
t="$tmp/r/pool.sidecar/bad/trace.txt"
l_map=$(grep -n 'write_lock(&b->map_lock);' $u/common/pool.c | head -n 1 | cut -d: -f1)
l_lock=$(grep -n 'spin_lock(&a->lock);' $u/common/pool.c | cut -d: -f1)
if [ -n "$l_map" ] && grep -q "$u/common/pool.c:$l_map: write_lock(&b->map_lock);" "$t" &&
	grep -q "$u/common/pool.c:$l_lock: spin_lock(&a->lock);" "$t"; then
	ok "trace in the upstream file's lines (pool.c:$l_map, pool.c:$l_lock)"
else
	bad "trace lines"; head -n 30 "$t"
fi

# reached inline asm: an error at its line; the arch headers' asm (atomic_add,
# local_irq_save, smp_mb) is in code no thread reaches and parses
l_asm=$(grep -n 'asm volatile ( "dc civac' $u/common/pool.c | cut -d: -f1)
expect_usage "$u/common/pool.c:$l_asm:5: error: inline assembly 'asm volatile ( \"dc civac, %0\" :: \"r\" (0) : \"memory\" )' cannot be modelled" \
	$LOCKSPIN check --quiet --results "$tmp/r2" --work "$tmp/w2" --variant flush $cc --sidecar $sc $u/common/pool.c

# the layering is what makes it parse: with -I alone (no LS_UPSTREAM) the
# lock-API headers hide the tree's: xen/spinlock.h's lock_profile_qhead is unknown
expect_usage "$u/common/pool.c:20:31: error: field has incomplete type 'struct lock_profile_qhead'" \
	$LOCKSPIN --dump=ir -I $u/include --sidecar $sc $u/common/pool.c

# the overlay replaces the tree's macros without a redefinition: the same
# flags under clang -Werror=macro-redefined
flags=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[0]["arguments"]; print(" ".join(x for x in a[1:] if x not in ("-c","pool.c","-o","pool.o")))' "$tmp/cc/compile_commands.json")
if (cd $u/common && clang -fsyntax-only -Werror=macro-redefined -Wno-unused-function -I"$OLDPWD/harness/include" -DLS_FRONTEND=1 -DLS_UPSTREAM=1 \
	$flags -I"$OLDPWD/harness" pool.c) 2>"$tmp/clang.err"; then
	ok "no macro of the tree is redefined without #undef"
else
	bad "macro redefinitions"; head -n 10 "$tmp/clang.err"
fi

# x86 shapes (arch/x86/mm/mm.c, its private mm-locks.h): the layering
# headers take Xen's inline evaluate_nospec()/block_speculation(),
# this_cpu_ptr() in the per-CPU rwlock, a percpu rwlock declared in a header
# and defined in the .c file, _atomic_read() by value, and spinlock_t's
# recursion fields; the header's static inline functions are the program's
# (the level check BUG()s at its line); a conditional with calls; the
# all-ones INVALID_MFN an unsigned long holds and compares as C does
msc=$u/mm.sidecar.c
$LOCKSPIN check --quiet --results "$tmp/rm" --work "$tmp/wm" $cc --sidecar $msc $u/arch/x86/mm/mm.c >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^$msc bad: assertion: assertion 'BUG()' failed .*(expected assertion)" "$tmp/out" &&
	grep -q "^$msc deferred: ok (expected ok)" "$tmp/out" && grep -q "^$msc empty: ok (expected ok)" "$tmp/out"; then
	ok "x86 shapes: bad BUG(), deferred ok, empty (INVALID_MFN) ok"
else
	bad "x86 shapes verdicts (exit $rc)"; cat "$tmp/out" "$tmp/err" | head -n 10
fi
l_bug=$(grep -n 'BUG();' $u/arch/x86/mm/mm-locks.h | cut -d: -f1)
if grep -q "$u/arch/x86/mm/mm-locks.h:$l_bug: BUG();" "$tmp/rm/mm.sidecar/bad/trace.txt"; then
	ok "the BUG() of the header's inline level check, at mm-locks.h:$l_bug"
else
	bad "BUG() line in the trace"; head -n 20 "$tmp/rm/mm.sidecar/bad/trace.txt"
fi
# a per-CPU variable the given files only declare is no object: an error
grep -v '^DEFINE_PER_CPU(int, mm_lock_level);' $msc >"$tmp/nodef.sidecar.c"
l_pc=$(grep -n '^LS_PER_CPU(mm_lock_level' "$tmp/nodef.sidecar.c" | cut -d: -f1)
expect_usage "$tmp/nodef.sidecar.c:$l_pc:1: error: LS_GLOBAL names 'per_cpu__mm_lock_level', which the given files declare but do not define; define it in the side-car (for LS_PER_CPU: DEFINE_PER_CPU(type, name);)" \
	$LOCKSPIN --dump=ir $cc --sidecar "$tmp/nodef.sidecar.c" $u/arch/x86/mm/mm.c
# lockspin's own mm-locks.h (a spec's, not the tree's): mm_locked_by_me()
cat >"$tmp/mmown.c" <<'EOF'
#include "xen/mm-locks.h"
#define MM_LOCK_ORDER_pod 48
static mm_lock_t pod;
static void t(void *arg)
{
	(void)arg;
	mm_lock(pod, NULL, &pod);
	ls_assert(mm_locked_by_me(&pod));
	mm_unlock(&pod);
}
LS_SCENARIO { ls_thread(t, NULL); }
EOF
if $LOCKSPIN --dump=ir "$tmp/mmown.c" >"$tmp/mmown.ir" 2>"$tmp/mmown.err" && grep -q "assert .*held" "$tmp/mmown.ir"; then
	ok "xen/mm-locks.h: mm_locked_by_me() is the held test"
else
	bad "xen/mm-locks.h mm_locked_by_me"; head -n 5 "$tmp/mmown.err" "$tmp/mmown.ir"
fi

# --- what domain creation allocates (arch/arm/vgic-alloc.c, Xen's shapes):
# LS_POINTS_TO binds d->vgic.shared_irqs, d->vgic.pending_irqs, d->vcpu and
# v->domain to the side-car's objects; the index through them is modelled
# with its bounds, a struct local's fields (lr_val.virq) are followed, Xen's
# out-of-line bit operations and ffs() (inline asm) are lockspin's
a=$u/vgic-alloc.sidecar.c
af=$u/arch/arm/vgic-alloc.c
$LOCKSPIN check --quiet --results "$tmp/ra" --work "$tmp/wa" $cc --variant bad --variant fixed --variant set_bit_seen \
	--variant inject --variant rank_oob --sidecar $a $af >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^$a bad: deadlock: 'eoi(NULL)' waits for 'ranks\[1\].lock' held by 'itargetsr(NULL)'; 'itargetsr(NULL)' waits for 'vcpus\[0\].vgic.lock' held by 'eoi(NULL)' (expected deadlock)" "$tmp/out" &&
	grep -q "^$a fixed: ok (expected ok)" "$tmp/out" && grep -q "^$a inject: ok (expected ok)" "$tmp/out"; then
	ok "LS_POINTS_TO: the ABBA through shared_irqs[n] and d->vcpu[old target], the fix ok"
else
	bad "LS_POINTS_TO verdicts (exit $rc)"; cat "$tmp/out" "$tmp/err" | head -n 10
fi
if grep -q "^$a set_bit_seen: potential-deadlock: .*(expected potential-deadlock)" "$tmp/out"; then
	ok "Xen's out-of-line set_bit()/test_and_clear_bit() are modelled: the EOI sees the bit only once it is set"
else
	bad "bit operations over the tree's asm/bitops.h"; grep set_bit_seen "$tmp/out"
fi
# Xen's ARM __set_bit() is its atomic set_bit(): one step, as on the hardware
l_sb=$(grep -n '__set_bit(GIC_IRQ_GUEST_MIGRATING' $af | cut -d: -f1)
if $LOCKSPIN --dump=ir --variant bad $cc --sidecar $a $af 2>/dev/null | grep -q "^ *atomic %ls_status = pending_irq.status\[%p\]  @$l_sb:"; then
	ok "__set_bit() over Xen's ARM headers is atomic, as there (vgic-alloc.c:$l_sb)"
else
	bad "__set_bit() over Xen's ARM headers"
fi
l_oob=$(grep -n 'return &v->domain->vgic.shared_irqs\[rank\];' $af | cut -d: -f1)
if grep -q "^$a rank_oob: out-of-bounds: index 'rank' of 'v->domain->vgic.shared_irqs' outside the 2 of 'ranks' it points into" "$tmp/out" &&
	grep -q "at $af:$l_oob: return &v->domain->vgic.shared_irqs\[rank\];" "$tmp/ra/vgic-alloc.sidecar/rank_oob/trace.txt"; then
	ok "an index past the array a pointer field points into is out-of-bounds, at its line ($l_oob)"
else
	bad "out-of-bounds through a pointer field"; grep rank_oob "$tmp/out"
fi
t="$tmp/ra/vgic-alloc.sidecar/bad/trace.txt"
l_old=$(grep -n 'spin_lock_irqsave(&old->vgic.lock, flags);' $af | cut -d: -f1)
if grep -q "$af:$l_old: spin_lock_irqsave(&old->vgic.lock, flags);" "$t"; then
	ok "the lock of d->vcpu[old_target] is vcpus[0]'s, in the trace at vgic-alloc.c:$l_old"
else
	bad "d->vcpu[n] in the trace"; head -n 30 "$t"
fi
# the inflight walk: listed by --explain at its line; a write to a modelled
# field of an entry it yields is an error there
l_walk=$(grep -n 'list_for_each_entry ( iter' $af | cut -d: -f1)
if $LOCKSPIN --explain --variant inject $cc --sidecar $a $af 2>&1 |
	grep -q "^$af:$l_walk:2: note: loop condition 'list_for_each_entry ( iter, &v->vgic.inflight_irqs, inflight )' over untracked data: any number of iterations"; then
	ok "--explain lists the list walk at its line ($l_walk)"
else
	bad "--explain of the list walk"
fi
l_clr=$(grep -n 'clear_bit(GIC_IRQ_GUEST_QUEUED, &p->status);' $af | cut -d: -f1)
expect_usage "$af:$l_clr:3: error: write to modelled 'p->status' cannot be modelled: 'p' is a pointer the model does not follow" \
	$LOCKSPIN --dump=ir --variant walk_write $cc --sidecar $a $af
# LS_POINTS_TO's object must fit the field, at the side-car's line
l_pt=$(grep -n '^LS_POINTS_TO(struct domain, vcpu, vcpus);' $a | cut -d: -f1)
sed 's/^LS_POINTS_TO(struct domain, vcpu, vcpus);/LS_POINTS_TO(struct domain, vcpu, dom);/' $a >"$tmp/pt1.c"
expect_usage "$tmp/pt1.c:$l_pt:1: error: LS_POINTS_TO: 'dom' is not a global object of 'struct vcpu', what 'vcpu' points to" \
	$LOCKSPIN --dump=ir --variant fixed $cc --sidecar "$tmp/pt1.c" $af
sed 's/^LS_POINTS_TO(struct domain, vcpu, vcpus);/LS_POINTS_TO(struct domain, max_vcpus, vcpus);/' $a >"$tmp/pt2.c"
expect_usage "$tmp/pt2.c:$l_pt:1: error: LS_POINTS_TO: 'max_vcpus' has type 'unsigned int', not a pointer to a struct or an array of them" \
	$LOCKSPIN --dump=ir --variant fixed $cc --sidecar "$tmp/pt2.c" $af
sed 's/^LS_POINTS_TO(struct domain, vgic.shared_irqs, ranks);/LS_POINTS_TO_EACH(struct domain, vgic.shared_irqs, ranks);/' $a >"$tmp/pt3.c"
l_pe=$(grep -n '^LS_POINTS_TO_EACH' "$tmp/pt3.c" | cut -d: -f1)
expect_usage "$tmp/pt3.c:$l_pe:1: error: LS_POINTS_TO_EACH: 'ranks' has 2 elements, one for each of the 1 'struct domain' objects" \
	$LOCKSPIN --dump=ir --variant fixed $cc --sidecar "$tmp/pt3.c" $af

# --- a pCPU's LRs (arch/arm/gic-lrs.c, the shapes of Xen's gic.c): the
# per-CPU lr_mask searched with find_first_zero_bit(), find_next_bit() and
# for_each_set_bit() (lockspin's, over the tree's out-of-line declarations
# and xen/bitops.h's own for_each_set_bit), its size gic_hw_ops->info->nr_lrs
# (LS_GLOBAL_POINTS_TO, LS_POINTS_TO, LS_FIELD: a constant 2)
g=$u/gic-lrs.sidecar.c
gf=$u/arch/arm/gic-lrs.c
$LOCKSPIN check --quiet --results "$tmp/rg" --work "$tmp/wg" $cc --variant fill --variant overfill --variant untracked_mask \
	--sidecar $g $gf >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^$g fill: ok (expected ok)" "$tmp/out" &&
	grep -q "^$g overfill: assertion: assertion 'ASSERT(c == 2)' failed in thread 'cpu0(NULL)' (expected assertion)" "$tmp/out"; then
	ok "the LR bitmap searched exactly: LRs 0 and 1 taken, the third queued, all cleared; a third LR is an assertion"
else
	bad "bitmap searches over a modelled per-CPU word (exit $rc)"; cat "$tmp/out" "$tmp/err" | head -n 10
fi
# exact: the third take (of a full bitmap) never reaches the unlock after
# set_bit(), which the first two do
l_sb=$(grep -n 'set_bit(i, &this_cpu(lr_mask));' $gf | head -n 1 | cut -d: -f1)
l_c=$(grep -n 'int c = gic_take_lr();' $g | cut -d: -f1)
if grep -q "^$gf:$((l_sb + 1)):9: warning: lock operation never reached through $g:$l_c -> $gf:$((l_sb + 1)) (other calls reach it)" "$tmp/err" &&
	! grep -q "never reached through $g:$((l_c - 1)) -> $gf:$((l_sb + 1))" "$tmp/err"; then
	ok "the full bitmap's take never gets past find_first_zero_bit() to set_bit() (gic-lrs.c:$l_sb): exact, not any value"
else
	bad "exactness of find_first_zero_bit()"; grep never "$tmp/err" | head -n 5
fi
$LOCKSPIN --explain --variant fill $cc --sidecar $g $gf >"$tmp/ex" 2>&1
if ! grep -q "over untracked data\|is assigned untracked\|undefined function 'find_" "$tmp/ex"; then
	ok "--explain: nothing of the searches, nr_lrs or lr_mask untracked"
else
	bad "--explain lists untracked bitmap data"; grep "untracked\|undefined" "$tmp/ex" | head -n 5
fi
# the bitmap not declared: each search's test of it either way, listed at its line
l_ff=$(grep -n 'i = find_first_zero_bit(&this_cpu(lr_mask), nr_lrs);' $gf | cut -d: -f1)
l_fe=$(grep -n 'for_each_set_bit ( i, &this_cpu(lr_mask), nr_lrs )' $gf | cut -d: -f1)
if grep -q "^$g untracked_mask: ok (expected ok)" "$tmp/out" &&
	$LOCKSPIN --explain --variant untracked_mask $cc --sidecar $g $gf >"$tmp/ex" 2>&1 &&
	grep -q "^$gf:$l_ff:9: note: condition 'find_first_zero_bit(&this_cpu(lr_mask), nr_lrs)' over untracked data: either branch" "$tmp/ex" &&
	grep -q "^$gf:$l_fe:5: note: condition 'for_each_set_bit ( i, &this_cpu(lr_mask), nr_lrs )' over untracked data: either branch" "$tmp/ex"; then
	ok "over an untracked bitmap the searches are listed abstractions (gic-lrs.c:$l_ff, $l_fe)"
else
	bad "untracked bitmap searches"; grep untracked_mask "$tmp/out"; head -n 5 "$tmp/ex"
fi
# an untracked value stored into a loop's int index is any int, not the 0 it held
l_rep=$(grep -n 'while ( (i = gic_hw_next_lr(i)) < nr_lrs )' $gf | cut -d: -f1)
expect_usage "$gf:$l_rep:14: error: 'i" \
	$LOCKSPIN --dump=ir --variant reported $cc --sidecar $g $gf
grep -q "is assigned untracked 'gic_hw_next_lr()' after a modelled value: any value of its C type is more than the model enumerates" "$tmp/err" &&
	ok "the index after an untracked store: any value of its C type, an error" || bad "untracked store into a loop index"
# LS_GLOBAL_POINTS_TO's object must be one of the pointer's struct, at the side-car's line
l_gp=$(grep -n '^LS_GLOBAL_POINTS_TO(gic_hw_ops, gic_ops);' $g | cut -d: -f1)
sed 's/^LS_GLOBAL_POINTS_TO(gic_hw_ops, gic_ops);/LS_GLOBAL_POINTS_TO(gic_hw_ops, lrs_info);/' $g >"$tmp/gp1.c"
expect_usage "$tmp/gp1.c:$l_gp:1: error: LS_GLOBAL_POINTS_TO: 'lrs_info' is not a global object of 'struct gic_hw_operations', what 'gic_hw_ops' points to" \
	$LOCKSPIN --dump=ir --variant fill $cc --sidecar "$tmp/gp1.c" $gf
sed 's/^LS_GLOBAL_POINTS_TO(gic_hw_ops, gic_ops);/LS_GLOBAL_POINTS_TO(lr_overflow, gic_ops);/' $g >"$tmp/gp2.c"
expect_usage "$tmp/gp2.c:$l_gp:1: error: LS_GLOBAL_POINTS_TO names 'lr_overflow', which is not a global pointer to a struct" \
	$LOCKSPIN --dump=ir --variant fill $cc --sidecar "$tmp/gp2.c" $gf

# every macro a layering header defines is #undef'd in its LS_UPSTREAM
# block (after the real header), unless it is defined only #ifndef
for h in $(grep -l '^#if defined(LS_UPSTREAM)' harness/include/*/*.h); do
	missing=$(awk '
		/^#if defined\(LS_UPSTREAM\)/ && !done { inblk = 1; depth = 0 }
		inblk && /^#if/ { depth++ }
		inblk && /^#undef / { undef[$2] = 1 }
		inblk && /^#endif/ { if (--depth == 0) { inblk = 0; done = 1 }; next }
		/^#ifndef / { cond = $2; next }
		done && /^#define / { n = $2; sub(/\(.*/, "", n); if (!(n in undef) && n != cond && n !~ /^LS__/) print n }
		{ cond = "" }
	' "$h" | sort -u | tr '\n' ' ')
	if [ -z "$missing" ]; then ok "$h: each macro it defines is #undef'd after the real header"; else
		bad "$h defines without #undef after the real header: $missing"; fi
done
finish
