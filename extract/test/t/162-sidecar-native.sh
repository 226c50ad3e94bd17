#!/bin/sh
# A side-car program natively (native_side.c): `lockspin run` stresses and
# replays the upstream files through the lock-API headers, with the
# side-car's LS_TARGETS_OF, LS_REPLACE and LS_ABSTRACT meaning what they
# mean in the model; check --replay confirms the vGIC counterexample on
# the real code; the native build cache and --changed follow every file
# of the program; a cross build's --target is an error naming the flag.
. "$(dirname "$0")/../lib.sh"
L=$(cd "$(dirname "$LOCKSPIN")" && pwd)/$(basename "$LOCKSPIN")
N=${REPLAY_RUNS:-100}
[ "$N" -gt 20 ] && N=20
# a repository of its own, so that --changed has files to follow
repo=$tmp/repo
mkdir -p "$repo/db" "$repo/blk/db"
cp spec/sidecar/*.c spec/sidecar/*.h spec/sidecar/compile_commands.sh "$repo/"
cp extract/test/sidecar/* "$repo/blk/"
sh "$repo/compile_commands.sh" "$repo/db/compile_commands.json"
sh "$repo/blk/compile_commands.sh" "$repo/blk/db/compile_commands.json"
cd "$repo" || exit 2
git init -q && git add -A && git -c user.email=t@example.org -c user.name=t commit -qm upstream || exit 2
VGIC="--compile-commands db/compile_commands.json --sidecar vgic.sidecar.c vgic.c gic.c vgic-v2.c"
BLK="--compile-commands blk/db/compile_commands.json --sidecar blk/blk.sidecar.c blk/blk-core.c blk/blk-gen.c"
builds() { grep -c "^native-build	" "$tmp/phases" 2>/dev/null || true; }

# check --replay: the ABBA's schedule confirmed on the real vgic.c, gic.c
# and vgic-v2.c, N of N; cold builds the harness and the program, warm none
rm -f "$tmp/phases"
LOCKSPIN_PHASES=$tmp/phases "$L" check --replay-runs "$N" --results r --work w $VGIC >"$tmp/c1.out" 2>&1
cold=$(builds)
grep -q "^vgic.sidecar.c bad: deadlock: .*(expected deadlock)" "$tmp/c1.out" &&
	grep -q "replayed on the real code: confirmed $N/$N" "$tmp/c1.out" &&
	grep -q "^vgic.sidecar.c ok: ok (expected ok)" "$tmp/c1.out" && [ "$cold" = 2 ] &&
	ok "check --replay: the vGIC ABBA confirmed $N/$N on the upstream files (cold: 2 native compiles)" ||
	{ bad "check --replay of the side-car program (cold: $cold native compiles, want 2)"; cat "$tmp/c1.out"; }
rm -f "$tmp/phases"
LOCKSPIN_PHASES=$tmp/phases "$L" check --replay-runs "$N" --results r --work w $VGIC >"$tmp/c2.out" 2>&1
warm=$(builds)
[ "$warm" = 0 ] && grep -q "confirmed $N/$N" "$tmp/c2.out" &&
	ok "warm: the native build cache compiles nothing, $N/$N confirmed" ||
	{ bad "warm: $warm native compiles, want 0"; cat "$tmp/c2.out"; }

# an edit of an upstream file rebuilds the program, not the harness
cp gic.c "$tmp/gic.c.saved"
echo '/* edited */' >>gic.c
rm -f "$tmp/phases"
LOCKSPIN_PHASES=$tmp/phases "$L" check --replay-runs "$N" --results r --work w $VGIC >"$tmp/c3.out" 2>&1
edited=$(builds)
cp "$tmp/gic.c.saved" gic.c
[ "$edited" = 1 ] && grep -q "confirmed $N/$N" "$tmp/c3.out" &&
	ok "an edited upstream file: the native program is rebuilt (1 compile), $N/$N confirmed" ||
	{ bad "edited gic.c: $edited native compiles, want 1"; cat "$tmp/c3.out"; }

# run --replay DIR: the schedule on the real threads, the upstream lines
"$L" run $VGIC --variant bad --work w --replay r/vgic.sidecar/bad >"$tmp/rp.out" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "replay: confirmed deadlock at vgic.c:\(24\|37\)" "$tmp/rp.out" &&
	ok "run --replay: confirmed deadlock at the upstream line" || { bad "run --replay (exit $rc)"; cat "$tmp/rp.out"; }

# run (stress): the deadlock in vgic.c's lines, every lock order the real
# code takes is one the model takes; the ops table is bound (gic_hw_ops is
# NULL upstream until boot registers a driver: unbound, the call crashes)
"$L" run $VGIC --variant bad --work w --results r --iterations 40 >"$tmp/s1.out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "^stress: deadlock vgic.c:24 vgic.c:37" "$tmp/s1.out" &&
	grep -q "lock-order edges seen at run time, 0 missing from the model" "$tmp/s1.out" &&
	grep -q "waits for shared_ranks\[0\].lock at vgic.c:24" "$tmp/s1.out" && ! grep -q "crash" "$tmp/s1.out" &&
	ok "run: stress finds the ABBA in the upstream lines; the model has every lock order it takes" ||
	{ bad "run stress bad (exit $rc)"; cat "$tmp/s1.out"; }
# LS_REPLACE natively: with the fix the real code never deadlocks
"$L" run $VGIC --variant ok --work w --results r --iterations 100 >"$tmp/s2.out" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "^stress: no problem in 100 iterations" "$tmp/s2.out" &&
	ok "run: LS_REPLACE natively: the fixed variant never deadlocks in 100 iterations" ||
	{ bad "run stress ok (exit $rc)"; cat "$tmp/s2.out"; }
grep -q "^__attribute__((__unused__)) struct vcpu \*ls__orig_vgic_get_target_vcpu(" w/vgic.sidecar/ok/0-vgic.c &&
	[ "$(wc -l <w/vgic.sidecar/ok/0-vgic.c)" = "$(($(wc -l <vgic.c) + 1))" ] &&
	ok "the replaced definition is renamed in a copy that keeps vgic.c's lines (#line)" ||
	bad "the copy of vgic.c"

# LS_ABSTRACT natively: blk_fw_ready() and blk_doorbell() read and write
# device registers (a crash natively unless abstracted); the deadlock needs
# LS_RESULT's choice "not ready", made where the model made it
"$L" check --replay-runs "$N" --results r --work w $BLK >"$tmp/b1.out" 2>&1
grep -q "^blk/blk.sidecar.c bad: deadlock" "$tmp/b1.out" && grep -q "confirmed $N/$N" "$tmp/b1.out" &&
	grep -q "blk-core.c:49 choose=0" r/blk.sidecar/bad/schedule.txt &&
	ok "LS_RESULT natively: the schedule's choice at blk-core.c:49 is followed, $N/$N confirmed" ||
	{ bad "check --replay blk"; cat "$tmp/b1.out"; }
"$L" run $BLK --variant bad --work w --results r --iterations 60 >"$tmp/b2.out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q "^stress: deadlock blk/blk-core.c:33 blk/blk-core.c:51" "$tmp/b2.out" &&
	! grep -q "crash" "$tmp/b2.out" &&
	ok "LS_ABSTRACT natively: stress runs past the abstracted register accesses, finds the deadlock" ||
	{ bad "run stress blk (exit $rc)"; cat "$tmp/b2.out"; }
grep -q "^void blk_trace(const char \*event, int gen)$" w/blk.sidecar/bad/wrapper.c &&
	ok "LS_ABSTRACT of a function no given file defines: defined natively from its declaration" ||
	bad "blk_trace() natively"
grep -q "^void blk_stat_inc(int gen)$" w/blk.sidecar/bad/wrapper.c &&
	grep -q "note: blk/blk-core.c:48: 'blk_stat_inc' is defined in no file given: natively a no-op" "$tmp/b2.out" &&
	ok "a function no given file defines, whose calls the model ignores: a no-op natively too, with a note" ||
	{ bad "blk_stat_inc() natively"; grep note "$tmp/b2.out"; }
grep -q "ls__choose(2, \"blk/blk.sidecar.c\", 34)" w/blk.sidecar/bad/wrapper.c &&
	grep -q "gen2_reset(dev)" w/blk.sidecar/bad/wrapper.c &&
	ok "LS_TARGETS_OF with two targets: a dispatcher that picks either (stress)" || bad "the ops dispatcher"

grep -q "^	(blk_devs\[1\]).q = (__typeof__((blk_devs\[1\]).q))(void \*)&(blk_queue0);" w/blk.sidecar/bad/wrapper.c &&
	ok "LS_POINTS_TO natively: every blk_dev's q points at blk_queue0 before the scenario (unbound, complete() crashes)" ||
	bad "LS_POINTS_TO natively"

# the fake Xen tree of test 165 built for this machine (its entries
# without --target): LS_POINTS_TO into a T ** field (d->vcpu[i]), a state
# whose range leaves out 0 starting at its low end as in the model
# (max_vcpus 2: else ASSERT(target < d->max_vcpus) fails), the clang
# header dir of the -nostdinc build left out, and _xzalloc(), which only
# domain creation calls (no thread), a stub
xu=$root/extract/test/upstream/xen
mkdir -p "$tmp/xh"
sh "$xu/compile_commands.sh" "$tmp/xh/compile_commands.json" 2>/dev/null &&
	sed -i '/"--target=aarch64-linux-gnu"/d' "$tmp/xh/compile_commands.json"
XA="--compile-commands $tmp/xh/compile_commands.json --sidecar $xu/vgic-alloc.sidecar.c $xu/arch/arm/vgic-alloc.c"
"$L" check --replay-runs "$N" --variant bad --variant fixed --results r --work w $XA >"$tmp/xa.out" 2>&1
grep -q "vgic-alloc.sidecar.c bad: deadlock" "$tmp/xa.out" && grep -q "confirmed $N/$N" "$tmp/xa.out" &&
	grep -q "vgic-alloc.sidecar.c fixed: ok (expected ok)" "$tmp/xa.out" &&
	grep -q "note: 1 function no given file defines, called only from code no thread reaches, is a stub that aborts if called: '_xzalloc'" "$tmp/xa.out" &&
	grep -q "note: .*vgic-alloc.c: '-isystem [^']*/lib/clang/[^']*' left out of the native build" "$tmp/xa.out" &&
	ok "the fake Xen tree natively: d->vcpu[old target] through LS_POINTS_TO, the ABBA confirmed $N/$N; _xzalloc a stub" ||
	{ bad "the fake Xen tree natively"; cat "$tmp/xa.out"; }
"$L" run $XA --variant fixed --work w --results r --iterations 50 >"$tmp/xf.out" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "^stress: no problem in 50 iterations" "$tmp/xf.out" &&
	grep -q "^	(dom).max_vcpus = 2;" w/vgic-alloc.sidecar/fixed/wrapper.c &&
	ok "the fixed tree natively: no problem in 50 iterations (max_vcpus starts at 2, as in the model)" ||
	{ bad "the fixed fake Xen tree natively (exit $rc)"; cat "$tmp/xf.out"; }

# what creation code would have done, natively as the model assumes it:
# every zeroed list head of the globals (vcpus[i].vgic.inflight_irqs,
# pending[i].inflight) an empty list before the scenario, so the inflight
# walk runs instead of following NULL (the inject variant crashed); a walk
# over a head no code makes a list (walk_anon: an anonymous member) is an
# error at the walk's file:line:col, exit 2, never a crash.  The replays:
# the ABBA after a walk, the index through an LS_POINTS_TO pointer
# (rank_oob: its native twin wraps the index, inside an if without braces)
# and a lost update in an upstream line (the replay stops between its read
# and its write, LS__READ) are confirmed on the real code
"$L" run $XA --variant inject --work w --results r --iterations 30 >"$tmp/xi.out" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "^stress: no problem in 30 iterations" "$tmp/xi.out" && ! grep -q "abnormally" "$tmp/xi.out" &&
	grep -q "ls__l = &(vcpus\[ls__i0\].vgic.inflight_irqs);" w/vgic-alloc.sidecar/inject/wrapper.c &&
	ok "the inflight walk natively: its list heads start empty, no problem in 30 iterations" ||
	{ bad "run inject over the fake Xen tree (exit $rc)"; cat "$tmp/xi.out"; }
"$L" check --replay-runs "$N" --variant inject_bad --variant rank_oob --variant lost_count --variant walk_anon \
	--results r --work w $XA >"$tmp/xr.out" 2>&1
xsc=$xu/vgic-alloc.sidecar.c
l_anon=$(grep -n 'list_for_each_entry ( iter, &spare.irqs, inflight )' $xsc | cut -d: -f1)
for v in inject_bad rank_oob lost_count; do
	grep -v ': note: ' "$tmp/xr.out" | grep -A1 "vgic-alloc.sidecar.c $v: .*(expected " | grep -q "replayed on the real code: confirmed $N/$N" &&
		ok "the fake Xen tree's $v: the counterexample confirmed $N/$N on the real code" ||
		{ bad "replay of $v"; grep -A1 "sidecar.c $v:" "$tmp/xr.out"; }
done
grep -q "&v->domain->vgic.shared_irqs\[(ls__check((rank) >= 0 && (rank) <= 1, \"out-of-bounds\"" \
	w/native/vgic-alloc.sidecar/rank_oob/replay-0-vgic-alloc.c &&
	grep -q "LS__READ(d->vgic.injections)" w/native/vgic-alloc.sidecar/lost_count/replay-0-vgic-alloc.c &&
	ok "the replay copy of the upstream file wraps the index in its check and the read in LS__READ" ||
	bad "the upstream file's replay copy"
grep -v ': note: ' "$tmp/xr.out" | grep -A1 "vgic-alloc.sidecar.c walk_anon: deadlock" |
	grep -q "replayed on the real code: not reproducible natively: $xsc:$l_anon:2: error: natively, the list this walk follows has a zeroed head" &&
	ok "a walk over a head no code initialised: the replay says not reproducible natively, at $l_anon:2" ||
	{ bad "replay of walk_anon"; grep -A1 "walk_anon:" "$tmp/xr.out"; }
"$L" run $XA --variant walk_anon --work w --results r --iterations 10 >"$tmp/xw.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "^$xsc:$l_anon:2: error: natively, the list this walk follows has a zeroed head" "$tmp/xw.out" &&
	! grep -q "abnormally" "$tmp/xw.out" &&
	ok "run: the same walk is an error at $l_anon:2, exit 2, no crash" ||
	{ bad "run walk_anon (exit $rc)"; cat "$tmp/xw.out"; }

# statement points in the upstream files: the replay stops the peeker
# between its two reads of busy, where the model's schedule has it
grep -q "^step [0-9]* 0 blk/blk-core.c:62 point -" r/blk.sidecar/race/schedule.txt &&
	grep -q "^blk/blk.sidecar.c race: assertion: assertion 'BUG_ON(!dev->busy)' failed .*(expected assertion)" "$tmp/b1.out" &&
	[ "$(grep -c "replayed on the real code: confirmed $N/$N" "$tmp/b1.out")" = 2 ] &&
	grep -q "ls__point(__FILE__, __LINE__); if (dev->busy)" w/native/blk.sidecar/race/replay-0-blk-core.c &&
	ok "a race between plain statements of an upstream file: points there, the replay confirms it $N/$N" ||
	{ bad "the race's replay"; cat "$tmp/b1.out" r/blk.sidecar/race/schedule.txt; }

# --changed: reused while nothing changed; an edit of an upstream file, a
# header, the side-car or compile_commands.json searches again
changed() { # name: check --changed HEAD, count the reused verdicts
	"$L" check --quiet --changed HEAD --results r --work w $VGIC >"$tmp/$1.out" 2>&1
	grep -c "^  reused: " "$tmp/$1.out"
}
changed ch0 >/dev/null
n=$(changed ch1)
[ "$n" = 2 ] && ok "--changed: nothing changed, both verdicts reused" || { bad "--changed reused $n, want 2"; cat "$tmp/ch1.out"; }
for f in gic.c vgic.h config.h vgic.sidecar.c db/compile_commands.json; do
	cp "$f" "$tmp/saved"
	case $f in
	*.json) sed -i 's/"-DCONFIG_GICV2=1"/"-DCONFIG_GICV2=1", "-DUNUSED=1"/' "$f" ;;
	*) echo '/* edited */' >>"$f" ;;
	esac
	n=$(changed "ch-$(basename "$f")")
	cp "$tmp/saved" "$f"
	[ "$n" = 0 ] && ok "--changed: an edit of $f searches both variants again" ||
		{ bad "--changed after editing $f reused $n"; cat "$tmp/ch-$(basename "$f").out"; }
done
n=$(changed ch2)
[ "$n" = 2 ] && ok "--changed: the edits undone, the verdicts reused again" || bad "--changed after undoing: reused $n"
# an upstream tree git does not follow: the verdict is keyed on its text
mkdir -p "$tmp/up"
cp vgic.c gic.c vgic-v2.c vgic.h config.h compile_commands.sh "$tmp/up/"
sh "$tmp/up/compile_commands.sh" "$tmp/up/compile_commands.json"
UP="--compile-commands $tmp/up/compile_commands.json --sidecar vgic.sidecar.c $tmp/up/vgic.c $tmp/up/gic.c $tmp/up/vgic-v2.c"
"$L" check --quiet --changed HEAD --results r --work w $UP >/dev/null 2>&1
echo '/* edited */' >>"$tmp/up/vgic.c"
"$L" check --quiet --changed HEAD --results r --work w $UP >"$tmp/up.out" 2>&1
[ "$(grep -c '^  reused: ' "$tmp/up.out")" = 0 ] &&
	ok "--changed: an edit of an upstream file outside the repository is not reused (content key)" ||
	{ bad "--changed reused a verdict of an edited file git does not follow"; cat "$tmp/up.out"; }

# a cross build's flags: an error naming the flag, no build for another machine
res=$(/usr/lib/llvm-19/bin/clang -print-resource-dir 2>/dev/null || echo /usr/lib/llvm-19/lib/clang/19)
mkdir -p "$tmp/x"
sh blk/compile_commands.sh "$tmp/x/compile_commands.json" --target=aarch64-linux-gnu -nostdinc -isystem "$res/include"
"$L" run --compile-commands "$tmp/x/compile_commands.json" --sidecar blk/blk.sidecar.c blk/blk-core.c blk/blk-gen.c \
	--variant bad --work w --iterations 2 >"$tmp/x.out" 2>&1
rc=$?
[ $rc = 2 ] && grep -q "blk-core.c: error: compile_commands.json builds 'blk/blk-core.c' with '--target=aarch64-linux-gnu', for another machine" "$tmp/x.out" &&
	grep -q "note: blk/blk-core.c: '-nostdinc' left out of the native build" "$tmp/x.out" &&
	! ls w/blk.sidecar/bad/prog.tmp* >/dev/null 2>&1 &&
	ok "a cross --target in compile_commands.json: exit 2, the error names the flag; -nostdinc is left out with a note" ||
	{ bad "cross target (exit $rc)"; cat "$tmp/x.out"; }
finish
