#!/usr/bin/env python3
"""protogen.py - random lock protocols, checked by lockspin and by an oracle.

Each seed gives one small protocol (2-3 threads, 2-4 mutexes and spinlocks,
LS_STATE bools and LS_RANGE ints, branches on state and on ls_choose, bounded
loops with break and continue, helper functions that take lock pointers,
trylock, ls_assert, ls_assert_held / ls_assert_not_held).  The generator
renders it to an annotated C spec and evaluates its own abstract program with
an explicit-state interpreter that enumerates every interleaving.  The oracle
shares nothing with lockspin: no libclang, no IR, no Promela, no SPIN.

Semantics (README.md, Verdicts), one step per C statement, as lockspin models
them; a read-modify-write of shared state is written as two statements
(`t = x; x = t + 1;`) or as one (`x = x + 1;`, `x++;`, `x += 1;`), which
lockspin runs as C does, a read and then a write (the oracle's LOAD, SET):
  deadlock            no thread can move and one has not finished (it waits
                      for a lock another thread, or itself, holds; mutex and
                      spinlock alike)
  assertion           ls_assert false; ls_assert_held on a lock the thread
                      does not hold; ls_assert_not_held on one it holds
  double-unlock       release of a lock not held, by a thread that released
                      that lock before
  unlock-not-held     release of a lock not held, by a thread that never did
  held-at-exit        a thread function returns holding a lock
  out-of-range        an assignment leaves the variable's LS_RANGE (a store
                      to a bool converts, x != 0, as C does: never out of range)
  potential-deadlock  none of the above anywhere, but the order graph (lock
                      h held when a thread arrives at the acquisition of l,
                      trylocks excluded) has a cycle
The oracle's set holds every violation that is the first one on some
execution; lockspin agrees when it says ok exactly when that set is empty and
every verdict it reports is in it.

  protogen.py gen SEED            print the C spec of SEED
  protogen.py oracle SEED         print the oracle's verdicts
  protogen.py run FIRST COUNT     check seeds FIRST.. with lockspin; ok/FAIL lines
  protogen.py regress             check the seeds of protogen-regress.txt (each
                                  once a disagreement, with what it was)
Seeds from 100000 (SLICE_SEEDS) also copy variables into each other
(`tmp = src; if (tmp <= hi) dst = tmp;`) and into a bookkeeping variable `s9`
nothing reads: data dependence through state, and writes the model slices
away (extract/ir_slice.c), for the slice to hide no bug.
Disagreements are saved in build/fuzz-repro/ (seed-N.c, seed-N.oracle).
"""
import os
import random
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

# Constructs left out because of a known lockspin bug (issue 7 items); empty
# when every item is fixed.  Each name says which item it waits for.
EXCLUDE = set(os.environ.get("PROTOGEN_EXCLUDE", "").split(",")) - {""}

KINDS = {"mutex": ("ls_mutex_t", "ls_mutex_lock", "ls_mutex_unlock", "ls_mutex_trylock"),
         "spin": ("ls_spinlock_t", "ls_spin_lock", "ls_spin_unlock", "ls_spin_trylock")}


# ---- the abstract program ---------------------------------------------------
class Func:
    def __init__(self, name, params):
        self.name = name
        self.params = params  # [(pname, kind)]
        self.body = []


SLICE_SEEDS = 100000


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        nl = r.randint(2, 4)
        self.locks = [("l%d" % i, r.choice(["mutex", "mutex", "spin"])) for i in range(nl)]
        self.vars = []  # (name, lo, hi, init, guard lock)
        for i in range(r.randint(1, 3)):
            if r.random() < 0.4:
                self.vars.append(("b%d" % i, 0, 1, r.randint(0, 1), r.choice(self.locks)[0]))
            else:
                hi = r.randint(1, 3)
                self.vars.append(("v%d" % i, 0, hi, r.randint(0, hi), r.choice(self.locks)[0]))
        self.helpers = []
        for i in range(r.randint(0, 2)):
            np_ = r.randint(1, 2)
            params = [("p%d" % k, r.choice(["mutex", "spin"])) for k in range(np_)]
            f = Func("h%d" % i, params)
            self.cur = f
            f.body = self.block([(p, k) for p, k in params], [], 0, in_loop=False)
            self.helpers.append(f)
        # how an increment is written, drawn apart so that the protocols
        # of the seeds stay what they were
        self.form_r = random.Random(seed * 7919 + 1)
        self.threads = []
        for i in range(r.randint(2, 3)):
            f = Func("t%d" % i, [])
            self.cur = f
            f.body = self.block([(n, k) for n, k in self.locks], [], 0, in_loop=False)
            self.threads.append(f)
        if seed >= SLICE_SEEDS:
            self.add_copies(random.Random(seed * 7919 + 1))

    def add_copies(self, r):
        """Copies between variables, and into s9, at random places of every
        body; a separate generator, so the protocol is the same otherwise."""
        self.vars.append(("s9", 0, 3, 0, r.choice(self.locks)[0]))

        def walk(ss):
            for st in ss:
                for part in st[1:] if st[0] in ("if", "try", "for") else ():
                    if isinstance(part, list):
                        walk(part)
            for _ in range(r.randint(0, 2)):
                dst = r.choice(self.vars) if r.random() < 0.6 else self.vars[-1]
                src = r.choice(self.vars[:-1])
                ss.insert(r.randint(0, len(ss)), ("copy", dst[0], src[0], dst[2]))
        for f in self.threads + self.helpers:
            walk(f.body)

    def pick_var(self):
        return self.r.choice(self.vars)

    def guarded_var(self, held):
        """Mostly a variable whose guard lock is held here: data races are
        meant to be the exception."""
        mine = [v for v in self.vars if v[4] in held]
        if mine and self.r.random() < 0.9:
            return self.r.choice(mine)
        return self.pick_var()

    def cond(self):
        r = self.r
        if r.random() < 0.3:
            return ("choose",)
        name, lo, hi, _, _ = self.pick_var()
        return (r.choice(["==", "!="]), name, r.randint(lo, hi))

    def block(self, refs, held, depth, in_loop):
        """A list of statements; refs are the lock names usable here with
        their kinds, held the ones this block's enclosing sections took."""
        r = self.r
        out = []
        for _ in range(r.randint(1, 3 if depth < 2 else 1)):
            out.extend(self.stmt(refs, held, depth, in_loop))
        return out

    def stmt(self, refs, held, depth, in_loop):
        r = self.r
        x = r.random()
        free = [(n, k) for n, k in refs if n not in held]
        if depth < 3 and x < 0.35 and refs:
            # a critical section, sometimes with a bug
            cand = free if free and r.random() < 0.98 else refs
            # mostly in one global order, so that ok protocols are common
            # and an inversion is a rare, deliberate thing
            above = [(n, k) for n, k in cand if all(n > h for h in held)]
            if above and r.random() < 0.8:
                cand = above
            n, k = r.choice(cand)
            body = self.block(refs, held + [n], depth + 1, in_loop)
            s = [("lock", n, k)] + body
            y = r.random()
            if y < 0.03:
                pass  # forgets the unlock
            elif y < 0.05:
                s += [("unlock", n, k), ("unlock", n, k)]
            else:
                s += [("unlock", n, k)]
            return s
        if depth < 3 and x < 0.45 and free:
            n, k = r.choice(free)
            then = self.block(refs, held + [n], depth + 1, in_loop) + [("unlock", n, k)]
            els = self.block(refs, held, depth + 1, in_loop) if r.random() < 0.5 else []
            return [("try", n, k, then, els)]
        if x < 0.58:
            name, lo, hi, _, guard = self.guarded_var(held)
            if guard not in held and r.random() < 0.7:
                return []
            k = r.randint(lo, hi)
            if r.random() < 0.5:
                return [("set", name, k), ("assert", ("==", name, k))]
            return [("set", name, k)]
        if x < 0.64:
            name, lo, hi, _, _ = self.guarded_var(held)
            if "item4-range-wrap" in EXCLUDE or r.random() < 0.7:
                return [("incr_guarded", name, hi)]
            return [("incr", name)]
        if x < 0.72 and depth < 3:
            return [("if", self.cond(), self.block(refs, held, depth + 1, in_loop),
                     self.block(refs, held, depth + 1, in_loop) if r.random() < 0.5 else [])]
        if x < 0.78 and depth < 2:
            body = self.block(refs, held, depth + 1, True)
            if r.random() < 0.4:
                body.insert(r.randint(0, len(body)), ("if", ("choose",), [(r.choice(["break", "continue"]),)], []))
            return [("for", r.randint(1, 2), body)]
        if x < 0.84 and self.cur.name.startswith("t") and self.helpers:
            h = r.choice(self.helpers)
            args = []
            for _, kind in h.params:
                same = [n for n, k in refs if k == kind]
                fresh = [n for n in same if n not in held and n not in args]
                if fresh and r.random() < 0.9:
                    same = fresh
                if not same:
                    return []
                args.append(r.choice(same))
            return [("call", h.name, args)]
        if x < 0.90 and refs:
            n, k = r.choice(refs)
            if n in held or r.random() < 0.15:
                return [("held", n)]
            if "item1-assert-not-held" in EXCLUDE:
                return []
            return [("nheld", n)]
        if x < 0.92:
            name, lo, hi, _, _ = self.guarded_var(held)
            return [("assert", (r.choice(["==", "!=", "<="]), name, r.randint(lo, hi)))]
        if x < 0.935 and depth > 0:
            return [("return",)]
        if x < 0.95 and in_loop:
            return [(r.choice(["break", "continue"]),)]
        return []


# ---- rendering to C -----------------------------------------------------------
def render(g):
    out = ["/* generated by extract/test/selftest/protogen.py */", '#include "lockspin.h"', ""]
    for n, k in g.locks:
        out.append("static %s %s;" % (KINDS[k][0], n))
    for name, lo, hi, init, _ in g.vars:
        if hi == 1 and name.startswith("b"):
            out.append("static bool %s LS_STATE;" % name)
        else:
            out.append("static int %s LS_STATE LS_RANGE(%d, %d);" % (name, lo, hi))
    kinds = dict(g.locks)

    def ref(fn, n):
        return n if any(p == n for p, _ in fn.params) else "&" + n

    def kind_of(fn, n):
        for p, k in fn.params:
            if p == n:
                return k
        return kinds[n]

    def cond(c):
        if c[0] == "choose":
            return "ls_choose(2)"
        return "%s %s %d" % (c[1], c[0], c[2])

    def body(fn, stmts, ind, st):
        lines = []
        pad = "\t" * ind
        for s in stmts:
            op = s[0]
            if op == "lock":
                lines.append(pad + "%s(%s);" % (KINDS[kind_of(fn, s[1])][1], ref(fn, s[1])))
            elif op == "unlock":
                lines.append(pad + "%s(%s);" % (KINDS[kind_of(fn, s[1])][2], ref(fn, s[1])))
            elif op == "try":
                lines.append(pad + "if (%s(%s)) {" % (KINDS[kind_of(fn, s[1])][3], ref(fn, s[1])))
                lines += body(fn, s[3], ind + 1, st)
                if s[4]:
                    lines.append(pad + "} else {")
                    lines += body(fn, s[4], ind + 1, st)
                lines.append(pad + "}")
            elif op == "set":
                lines.append(pad + "%s = %d;" % (s[1], s[2]))
            elif op == "incr_guarded":
                st["tmp"] = True
                lines.append(pad + "tmp = %s;" % s[1])
                lines.append(pad + "if (tmp < %d)" % s[2])
                lines.append(pad + "\t%s = tmp + 1;" % s[1])
            elif op == "copy":
                st["tmp"] = True
                lines.append(pad + "tmp = %s;" % s[2])
                lines.append(pad + "if (tmp <= %d)" % s[3])
                lines.append(pad + "\t%s = tmp;" % s[1])
            elif op == "incr":
                # one C statement or two: lockspin reads, then writes, in
                # separate steps either way, as the oracle's LOAD and SET
                form = g.form_r.choice(["split", "assign", "postinc", "compound"])
                if form == "split":
                    st["tmp"] = True
                    lines.append(pad + "tmp = %s;" % s[1])
                    lines.append(pad + "%s = tmp + 1;" % s[1])
                else:
                    lines.append(pad + {"assign": "%s = %s + 1;", "postinc": "%s++;",
                                        "compound": "%s += 1;"}[form].replace("%s", s[1]))
            elif op == "assert":
                lines.append(pad + "ls_assert(%s);" % cond(s[1]))
            elif op == "held":
                lines.append(pad + "ls_assert_held(%s);" % ref(fn, s[1]))
            elif op == "nheld":
                lines.append(pad + "ls_assert_not_held(%s);" % ref(fn, s[1]))
            elif op == "if":
                lines.append(pad + "if (%s) {" % cond(s[1]))
                lines += body(fn, s[2], ind + 1, st)
                if s[3]:
                    lines.append(pad + "} else {")
                    lines += body(fn, s[3], ind + 1, st)
                lines.append(pad + "}")
            elif op == "for":
                i = "i%d" % st["loops"]
                st["loops"] += 1
                lines.append(pad + "for (%s = 0; %s < %d; %s++) {" % (i, i, s[1], i))
                lines += body(fn, s[2], ind + 1, st)
                lines.append(pad + "}")
            elif op == "call":
                lines.append(pad + "%s(%s);" % (s[1], ", ".join(ref(fn, a) for a in s[2])))
            elif op in ("return", "break", "continue"):
                lines.append(pad + op + ";")
        return lines

    for fn in g.helpers + g.threads:
        st = {"loops": 0, "tmp": False}
        b = body(fn, fn.body, 1, st)
        if fn.params:
            sig = ", ".join("%s *%s" % (KINDS[k][0], p) for p, k in fn.params)
        else:
            sig = "void *arg"
        out.append("")
        out.append("static void %s(%s)" % (fn.name, sig))
        out.append("{")
        decl = ["i%d" % k for k in range(st["loops"])] + (["tmp"] if st["tmp"] else [])
        if decl:
            out.append("\tint %s;" % ", ".join(decl))
            out.append("")
        if not fn.params:
            out.append("\t(void)arg;")
        out += b
        out.append("}")
    out.append("")
    out.append("LS_SCENARIO")
    out.append("{")
    for name, lo, hi, init, _ in g.vars:
        if init:
            out.append("\t%s = %d;" % (name, init))
    for t in g.threads:
        out.append("\tls_thread(%s, NULL);" % t.name)
    out.append("}")
    return "\n".join(out) + "\n"


# ---- the oracle: compile to flat code, enumerate every interleaving -----------
# instructions: (op, ...); locals are per thread, named uniquely per inlined copy
def compile_thread(g, t):
    helpers = {h.name: h for h in g.helpers}
    code = []
    n = [0]

    def fresh(base):
        n[0] += 1
        return "%s.%d" % (base, n[0])

    def emit(ins):
        code.append(list(ins))
        return len(code) - 1

    def stmts(ss, env, ret_fix, loop):
        for s in ss:
            stmt(s, env, ret_fix, loop)

    def stmt(s, env, ret_fix, loop):
        op = s[0]
        if op == "lock":
            emit(("LOCK", env[s[1]]))
        elif op == "unlock":
            emit(("UNLOCK", env[s[1]]))
        elif op == "try":
            tmp = fresh("try")
            emit(("TRY", env[s[1]], tmp))
            br = emit(("BRL", tmp, None))  # jump when the local is 0
            stmts(s[3], env, ret_fix, loop)
            j = emit(("JMP", None))
            code[br][2] = len(code)
            stmts(s[4], env, ret_fix, loop)
            code[j][1] = len(code)
        elif op == "set":
            emit(("SET", s[1], ("k", s[2])))
        elif op == "incr_guarded":
            tmp = env["tmp"]
            emit(("LOAD", tmp, s[1]))
            br = emit(("BRLT", tmp, s[2], None))  # jump unless tmp < hi
            emit(("SET", s[1], ("add", tmp, 1)))
            code[br][3] = len(code)
        elif op == "copy":
            tmp = env["tmp"]
            emit(("LOAD", tmp, s[2]))
            br = emit(("BRLT", tmp, s[3] + 1, None))  # jump unless tmp <= hi
            emit(("SET", s[1], ("add", tmp, 0)))
            code[br][3] = len(code)
        elif op == "incr":
            tmp = env["tmp"]
            emit(("LOAD", tmp, s[1]))
            emit(("SET", s[1], ("add", tmp, 1)))
        elif op == "assert":
            emit(("ASSERT", s[1]))
        elif op == "held":
            emit(("HELD", env[s[1]]))
        elif op == "nheld":
            emit(("NHELD", env[s[1]]))
        elif op == "if":
            if s[1][0] == "choose":
                br = emit(("CHOOSE", None))  # either falls through or jumps
            else:
                br = emit(("BR", s[1], None))  # jump when false
            stmts(s[2], env, ret_fix, loop)
            j = emit(("JMP", None))
            code[br][-1] = len(code)
            stmts(s[3], env, ret_fix, loop)
            code[j][1] = len(code)
        elif op == "for":
            i = fresh("i")
            emit(("LSET", i, 0))
            top = emit(("BRLT", i, s[1], None))
            lp = {"breaks": [], "conts": []}
            stmts(s[2], env, ret_fix, lp)
            cont = len(code)
            for c in lp["conts"]:
                code[c][1] = cont
            emit(("LINC", i))
            emit(("JMP", top))
            code[top][3] = len(code)
            for b in lp["breaks"]:
                code[b][1] = len(code)
        elif op == "break":
            loop["breaks"].append(emit(("JMP", None)))
        elif op == "continue":
            loop["conts"].append(emit(("JMP", None)))
        elif op == "return":
            ret_fix.append(emit(("JMP", None)))
        elif op == "call":
            h = helpers[s[1]]
            henv = {"tmp": fresh("tmp")}
            for (p, _), a in zip(h.params, s[2]):
                henv[p] = env[a]
            for ln, _ in g.locks:
                henv.setdefault(ln, ln)
            rets = []
            stmts(h.body, henv, rets, None)
            for r_ in rets:
                code[r_][1] = len(code)
        else:
            raise ValueError(op)

    env = {ln: ln for ln, _ in g.locks}
    env["tmp"] = fresh("tmp")
    rets = []
    stmts(t.body, env, rets, None)
    for r_ in rets:
        code[r_][1] = len(code)
    emit(("END",))
    return code


def oracle(g):
    """The set of first violations over every interleaving, and the order
    graph's cycle when there is none."""
    codes = [compile_thread(g, t) for t in g.threads]
    lock_ix = {n: i for i, (n, _) in enumerate(g.locks)}
    var_ix = {v[0]: i for i, v in enumerate(g.vars)}
    vrange = [(v[1], v[2]) for v in g.vars]
    # the bools render as C bool (render()): a store converts its value
    # (x != 0), it never leaves the range
    isbool = [v[2] == 1 and v[0].startswith("b") for v in g.vars]
    nt = len(codes)
    DONE = -1

    def val(e, loc):
        return e[1] if e[0] == "k" else loc.get(e[1], 0) + e[2]

    def ctest(c, vars_):
        x = vars_[var_ix[c[1]]]
        return {"==": x == c[2], "!=": x != c[2], "<=": x <= c[2]}[c[0]]

    def settle(t, pc, loc):
        """Run thread-local deterministic steps; returns a list of
        (pc, locals) at a visible instruction (ls_choose forks)."""
        res = []
        work = [(pc, dict(loc))]
        while work:
            pc, loc = work.pop()
            while True:
                ins = codes[t][pc]
                op = ins[0]
                if op == "JMP":
                    pc = ins[1]
                elif op == "LSET":
                    loc[ins[1]] = ins[2]
                    pc += 1
                elif op == "LINC":
                    loc[ins[1]] = loc.get(ins[1], 0) + 1
                    pc += 1
                elif op == "BRL":
                    pc = pc + 1 if loc.get(ins[1], 0) else ins[2]
                elif op == "BRLT":
                    pc = pc + 1 if loc.get(ins[1], 0) < ins[2] else ins[3]
                elif op == "CHOOSE":
                    work.append((ins[1], dict(loc)))
                    pc += 1
                else:
                    break
            res.append((pc, loc))
        return res

    def freeze(loc):
        return tuple(sorted(loc.items()))

    init_vars = tuple(v[3] for v in g.vars)
    starts = [[(pc, freeze(loc)) for pc, loc in settle(t, 0, {})] for t in range(nt)]
    frontier = []

    def product(i, acc):
        if i == nt:
            frontier.append(tuple(acc))
            return
        for s in starts[i]:
            product(i + 1, acc + [s])

    product(0, [])
    nlk = len(g.locks)
    seen = set()
    stack = []
    for th in frontier:
        st = (th, init_vars, (-1,) * nlk, (0,) * nt)
        seen.add(st)
        stack.append(st)
    found = set()
    edges = set()
    while stack:
        th, vars_, own, rel = stack.pop()
        moved = False
        unfinished = False
        for t in range(nt):
            pc, floc = th[t]
            if pc == DONE:
                continue
            unfinished = True
            ins = codes[t][pc]
            op = ins[0]
            loc = dict(floc)
            held = [l for l in range(nlk) if own[l] == t]
            nvars, nown, nrel = vars_, own, rel
            viol = None
            if op == "LOCK":
                l = lock_ix[ins[1]]
                for h in held:
                    if h != l:
                        edges.add((h, l))
                if own[l] != -1:
                    continue  # blocked
                nown = own[:l] + (t,) + own[l + 1:]
            elif op == "UNLOCK":
                l = lock_ix[ins[1]]
                if own[l] != t:
                    viol = "double-unlock" if rel[t] >> l & 1 else "unlock-not-held"
                else:
                    nown = own[:l] + (-1,) + own[l + 1:]
                    nrel = rel[:t] + (rel[t] | 1 << l,) + rel[t + 1:]
            elif op == "TRY":
                l = lock_ix[ins[1]]
                if own[l] == -1:
                    nown = own[:l] + (t,) + own[l + 1:]
                    loc[ins[2]] = 1
                else:
                    loc[ins[2]] = 0
            elif op == "SET":
                v = var_ix[ins[1]]
                x = val(ins[2], loc)
                if isbool[v]:
                    x = int(x != 0)
                lo, hi = vrange[v]
                if x < lo or x > hi:
                    viol = "out-of-range"
                else:
                    nvars = vars_[:v] + (x,) + vars_[v + 1:]
            elif op == "LOAD":
                loc[ins[1]] = vars_[var_ix[ins[2]]]
            elif op == "ASSERT":
                if not ctest(ins[1], vars_):
                    viol = "assertion"
            elif op == "HELD":
                if own[lock_ix[ins[1]]] != t:
                    viol = "assertion"
            elif op == "NHELD":
                if own[lock_ix[ins[1]]] == t:
                    viol = "assertion"
            elif op == "BR":
                moved = True
                target = pc + 1 if ctest(ins[1], vars_) else ins[2]
                for npc, nloc in settle(t, target, loc):
                    nth = th[:t] + ((npc, freeze(nloc)),) + th[t + 1:]
                    ns = (nth, vars_, own, rel)
                    if ns not in seen:
                        seen.add(ns)
                        stack.append(ns)
                continue
            elif op == "END":
                moved = True
                if held:
                    found.add("held-at-exit")
                    continue
                nth = th[:t] + ((DONE, ()),) + th[t + 1:]
                ns = (nth, vars_, own, rel)
                if ns not in seen:
                    seen.add(ns)
                    stack.append(ns)
                continue
            else:
                raise ValueError(op)
            moved = True
            if viol:
                found.add(viol)
                continue
            for npc, nloc in settle(t, pc + 1, loc):
                nth = th[:t] + ((npc, freeze(nloc)),) + th[t + 1:]
                ns = (nth, nvars, nown, nrel)
                if ns not in seen:
                    seen.add(ns)
                    stack.append(ns)
        if unfinished and not moved:
            found.add("deadlock")
    if not found and has_cycle(nlk, edges):
        found.add("potential-deadlock")
    return found, len(seen)


def has_cycle(n, edges):
    adj = {i: [b for a, b in edges if a == i] for i in range(n)}
    color = [0] * n

    def dfs(v):
        color[v] = 1
        for w in adj[v]:
            if color[w] == 1 or (color[w] == 0 and dfs(w)):
                return True
        color[v] = 2
        return False

    return any(color[v] == 0 and dfs(v) for v in range(n))


# ---- the driver ------------------------------------------------------------------
VERDICT_RE = re.compile(r"^\S+ default: ([a-z-]+)")
ALSO_RE = re.compile(r"^  also found: ([a-z-]+)")


def lockspin_verdicts(lockspin, path, work):
    p = subprocess.run([lockspin, "check", "--quiet", "--timeout", "60", "--results", work + "/r",
                        "--work", work + "/w", path], capture_output=True, text=True)
    got = set()
    for ln in p.stdout.splitlines():
        m = VERDICT_RE.match(ln) or ALSO_RE.match(ln)
        if m:
            got.add(m.group(1))
    return p.returncode, got, p.stdout + p.stderr


def check_seed(seed, lockspin, outdir):
    g = Gen(seed)
    text = render(g)
    want, nstates = oracle(g)
    path = os.path.join(outdir, "seed-%d.c" % seed)
    with open(path, "w") as f:
        f.write(text)
    rc, got, out = lockspin_verdicts(lockspin, path, os.path.join(outdir, "w%d" % seed))
    want_s = ",".join(sorted(want)) or "ok"
    got_s = ",".join(sorted(got)) or "none"
    if rc in (0, 1) and got:
        agree = (got == {"ok"}) == (not want) and (got == {"ok"} or got <= want)
    else:
        agree = False
    if agree:
        return True, "protogen seed %d: lockspin %s, oracle %s (%d states)" % (seed, got_s, want_s, nstates)
    repro = os.path.join("build", "fuzz-repro")
    os.makedirs(repro, exist_ok=True)
    with open(os.path.join(repro, "seed-%d.c" % seed), "w") as f:
        f.write(text)
    with open(os.path.join(repro, "seed-%d.oracle" % seed), "w") as f:
        f.write("oracle: %s\nlockspin (exit %d): %s\n%s" % (want_s, rc, got_s, out))
    return False, ("protogen seed %d: lockspin %s (exit %d), oracle %s: reproducer build/fuzz-repro/seed-%d.c"
                   % (seed, got_s, rc, want_s, seed))


def main(argv):
    if len(argv) >= 3 and argv[1] == "gen":
        sys.stdout.write(render(Gen(int(argv[2]))))
        return 0
    if len(argv) >= 3 and argv[1] == "oracle":
        found, n = oracle(Gen(int(argv[2])))
        print("%s (%d states)" % (",".join(sorted(found)) or "ok", n))
        return 0
    seeds = None
    if len(argv) >= 4 and argv[1] == "run":
        first, count = int(argv[2]), int(argv[3])
        seeds = list(range(first, first + count))
    if len(argv) == 2 and argv[1] == "regress":
        seeds = []
        for ln in open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "protogen-regress.txt")):
            if ln.strip() and not ln.startswith("#"):
                seeds.append(int(ln.split()[0]))
    if seeds is not None:
        count = len(seeds)
        lockspin = os.environ.get("LOCKSPIN", "./lockspin")
        outdir = os.environ.get("PROTOGEN_DIR", "build/protogen")
        os.makedirs(outdir, exist_ok=True)
        jobs = int(os.environ.get("PROTOGEN_JOBS", "2"))
        with ThreadPoolExecutor(jobs) as ex:
            res = list(ex.map(lambda s: check_seed(s, lockspin, outdir), seeds))
        npass = sum(1 for ok, _ in res if ok)
        kinds = {}
        for ok, line in res:
            print(("ok - " if ok else "FAIL - ") + line)
            m = re.search(r"oracle ([a-z,-]+)", line)
            if m:
                kinds[m.group(1)] = kinds.get(m.group(1), 0) + 1
        print("protogen: %d protocols, oracle verdicts: %s" %
              (count, ", ".join("%s %d" % kv for kv in sorted(kinds.items()))))
        print("%d passed, %d failed" % (npass, count - npass))
        return 0 if npass == count else 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
