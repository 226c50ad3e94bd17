#!/usr/bin/env python3
"""mutate.py - mutation score of the specs: does lockspin flag broken locking?

For every variant expected `ok` of the given specs, mutants are made by text
edits at the C locations of its lock operations (from `lockspin --dump=ir
--variant V`, so only code the variant compiles is touched):
  delete-lock L:C       an acquisition (a guard: the whole scoped lock) is gone
  delete-unlock L:C     a release is gone
  swap L1:C1 L2:C2      two consecutive acquisitions of one function trade places
  drop-held L:C         the lock an ls_assert_held at L:C checks is neither
                        taken nor released (its nearest acquisition before the
                        assertion and the next release after it)
  unlock-earlier L:C    a release moves before the statement preceding it
  trylock-to-lock L:C   a trylock becomes a blocking lock that succeeds
Each mutant is checked with `lockspin check --variant V` (no replay); it is
killed by any verdict but ok and inconclusive (a search that did not finish
flags nothing: it fails the suite, as a survivor does, and so does a check
that ends with no verdict at all).  Listed as equivalent, not counted, without a
search: a mutant whose --dump=pml is the original's (the same model), and one
whose every edit is at a lock operation that `lockspin check` of the original
warns "never reached in any execution" (it changes no execution).  Mutants of
one variant with the same model text share one search.  equivalent-mutants.txt lists the others
that are equivalent with the reason (one per line: SPEC VARIANT MUTATION #
why); an entry that matches no surviving mutant is stale and fails.  A
survivor is never parked: an entry whose reason starts with TEMP (a survivor
under review, not an equivalent mutant) fails, and its mutant counts as a
survivor.
Prints one ok/FAIL line per spec variant, the survivors, the score and
"N passed, N failed".

  mutate.py SPEC.c...      (LOCKSPIN, MUTATE_JOBS, MUTATE_DIR, MUTATE_EQUIV from the environment)
"""
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

LOCKSPIN = os.environ.get("LOCKSPIN", "./lockspin")
JOBS = int(os.environ.get("MUTATE_JOBS", "2"))
OUT = os.environ.get("MUTATE_DIR", "build/mutants")
HERE = os.path.dirname(os.path.abspath(__file__))
EQUIV = os.environ.get("MUTATE_EQUIV", os.path.join(HERE, "equivalent-mutants.txt"))

IR_LOC = re.compile(r"@(\d+):(\d+)\s*$")


def run(argv):
    p = subprocess.run(argv, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def ok_variants(spec):
    rc, out, err = run([LOCKSPIN, "--list", spec])
    if rc != 0:
        raise SystemExit("mutate: --list %s failed: %s" % (spec, err))
    res = []
    for ln in out.splitlines():
        m = re.match(r"^(\S+) .* expect ([a-z-]+):", ln)
        if m and m.group(2) == "ok":
            res.append(m.group(1))
    return res


def ir_ops(spec, variant):
    """Lock operations and held-assertions of each thread, in IR order:
    (thread, indent, kind, lockclass, line, col)."""
    rc, out, err = run([LOCKSPIN, "--dump=ir", "--variant", variant, spec])
    if rc != 0:
        raise SystemExit("mutate: --dump=ir %s %s failed: %s" % (spec, variant, err))
    cls_of = {}
    classes = []
    for ln in out.splitlines():
        m = re.match(r"^class (\S+) \S+ locks (\d+)\.\.(\d+)", ln)
        if m:
            classes.append((m.group(1), int(m.group(2)), int(m.group(3))))
        m = re.match(r"^lock (\d+) (\S+)", ln)
        if m:
            i = int(m.group(1))
            for c, lo, hi in classes:
                if lo <= i <= hi:
                    cls_of[m.group(2)] = c

    def lock_class(ref):
        ref = ref.strip()
        if ref.startswith("lock "):
            return re.sub(r"\[.*$", "", ref[5:])
        return cls_of.get(ref, ref)

    ops = []
    thread = -1
    for ln in out.splitlines():
        if ln.startswith("thread "):
            thread += 1
            continue
        m = IR_LOC.search(ln)
        if not m or thread < 0:
            continue
        line, col = int(m.group(1)), int(m.group(2))
        body = ln[:m.start()].rstrip()
        indent = len(body) - len(body.lstrip())
        text = body.strip()
        kind = None
        ref = None
        mm = re.match(r"^(acquire|release)(?:-\S+)?(?: shared| read| write)? (.*)$", text)
        if mm:
            kind, ref = mm.group(1), mm.group(2)
        mm = re.match(r"^%\S+ = trylock (.*)$", text)
        if mm:
            kind, ref = "trylock", mm.group(1)
        mm = re.match(r"^assert held\((.*?)\)( /\*|$)", text)
        if mm:
            kind, ref = "held", mm.group(1)
        if text.startswith("check "):
            kind = "check"  # a run-time check of the statement at its location, not a statement
        ops.append((thread, indent, kind or "stmt", lock_class(ref) if ref else None, line, col))
    return ops


class Src:
    def __init__(self, path):
        self.lines = open(path).read().split("\n")
        self.funcs = self._top_blocks(open(path).read())

    @staticmethod
    def _top_blocks(text):
        """(start, end) offsets of the top-level brace blocks (function
        bodies, struct bodies), skipping comments, strings and chars."""
        blocks, depth, start, i, n = [], 0, 0, 0, len(text)
        while i < n:
            c = text[i]
            if text.startswith("/*", i):
                i = text.find("*/", i + 2)
                i = n if i < 0 else i + 2
                continue
            if text.startswith("//", i):
                i = text.find("\n", i)
                i = n if i < 0 else i
                continue
            if c in "\"'":
                j = i + 1
                while j < n and text[j] != c:
                    j += 2 if text[j] == "\\" else 1
                i = j + 1
                continue
            if c == "{":
                if depth == 0:
                    start = i
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    blocks.append((start, i))
            i += 1
        return blocks

    def loc_of(self, off):
        """(line, col) of an offset, 1-based."""
        n = 0
        for i, ln in enumerate(self.lines):
            if off <= n + len(ln):
                return (i + 1, off - n + 1)
            n += len(ln) + 1
        return (len(self.lines), 1)

    def func_of(self, off):
        for k, (a, b) in enumerate(self.funcs):
            if a <= off <= b:
                return k
        return -1

    def off(self, line, col):
        return sum(len(x) + 1 for x in self.lines[:line - 1]) + col - 1

    def call_at(self, text, line, col):
        """(start, end) of `name(...)` starting at line:col, or None."""
        s = self.off(line, col)
        m = re.compile(r"[A-Za-z_]\w*\s*\(").match(text, s)
        if not m or not text[s:].startswith("ls_"):
            return None
        depth = 0
        for i in range(m.end() - 1, len(text)):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth == 0:
                    return (s, i + 1)
        return None


def mutants(spec, variant):
    text = open(spec).read()
    src = Src(spec)
    ops = ir_ops(spec, variant)
    res = {}

    def add(name, edits):
        edits = sorted(set(edits), reverse=True)
        t = text
        last = None
        for s, e, rep in edits:
            if last is not None and e > last:
                return  # overlapping edits
            t = t[:s] + rep + t[e:]
            last = s
        if t != text and name not in res:
            # the C locations edited: all never reached in the original
            # makes the mutant equivalent (see check_one)
            res[name] = (t, frozenset(src.loc_of(e[0]) for e in edits))

    def call(line, col):
        return src.call_at(text, line, col)

    for th, ind, kind, cls, line, col in ops:
        c = call(line, col)
        if not c:
            continue
        name = text[c[0]:c[1]]
        if kind == "acquire":
            what = "delete-guard" if name.startswith("ls_guard") else "delete-lock"
            add("%s %d:%d" % (what, line, col), [(c[0], c[1], "((void)0)")])
        elif kind == "release":
            add("delete-unlock %d:%d" % (line, col), [(c[0], c[1], "((void)0)")])
        elif kind == "trylock":
            lock = re.sub(r"_trylock\s*\(", "_lock(", name, count=1)
            add("trylock-to-lock %d:%d" % (line, col), [(c[0], c[1], "(%s, 1)" % lock)])
    # swap: consecutive acquisitions of one thread, no release between
    for i, (th, ind, kind, cls, line, col) in enumerate(ops):
        if kind != "acquire":
            continue
        for th2, ind2, kind2, cls2, line2, col2 in ops[i + 1:]:
            if th2 != th or kind2 == "release":
                break
            if kind2 != "acquire":
                continue
            a, b = call(line, col), call(line2, col2)
            # two acquisitions in one function: across an inlined call the
            # swapped texts leave their operands' scope (not C)
            if a and b and src.func_of(a[0]) != src.func_of(b[0]):
                break
            if a and b and (line, col) != (line2, col2) and text[a[0]:a[1]] != text[b[0]:b[1]] \
                    and not text[a[0]:a[1]].startswith("ls_guard") and not text[b[0]:b[1]].startswith("ls_guard"):
                add("swap %d:%d %d:%d" % (line, col, line2, col2),
                    [(a[0], a[1], text[b[0]:b[1]]), (b[0], b[1], text[a[0]:a[1]])])
            break
    # drop-held: the acquisition before the assertion and the release after it
    for i, (th, ind, kind, cls, line, col) in enumerate(ops):
        if kind != "held":
            continue
        acq = rel = None
        for o in reversed(ops[:i]):
            if o[0] == th and o[2] == "acquire" and o[3] == cls:
                acq = o
                break
        for o in ops[i + 1:]:
            if o[0] == th and o[2] == "release" and o[3] == cls:
                rel = o
                break
        if not acq:
            continue
        a = call(acq[4], acq[5])
        if not a:
            continue
        edits = [(a[0], a[1], "((void)0)")]
        if rel and not text[a[0]:a[1]].startswith("ls_guard"):
            r_ = call(rel[4], rel[5])
            if r_:
                edits.append((r_[0], r_[1], "((void)0)"))
        add("drop-held %d:%d" % (line, col), edits)
    # unlock-earlier: before the previous statement of the same block
    for i, (th, ind, kind, cls, line, col) in enumerate(ops):
        if kind != "release" or i == 0:
            continue
        # past the releases just before it (their order changes no verdict)
        k = i - 1
        while k >= 0 and ops[k][0] == th and (ops[k][2] == "check" or (ops[k][1] == ind and ops[k][2] == "release")):
            k -= 1
        if k < 0:
            continue
        prev = ops[k]
        if prev[0] != th or prev[1] != ind or not (line - 8 <= prev[4] <= line):
            continue
        if prev[2] == "acquire" and prev[3] == cls:
            continue  # before its own acquisition: that is delete-lock's job
        c = call(line, col)
        if not c:
            continue
        p0 = src.off(prev[4], prev[5])
        between = text[p0:c[0]]
        if "{" in between or "}" in between or p0 >= c[0]:
            continue
        stmt = text[c[0]:c[1]]
        add("unlock-earlier %d:%d" % (line, col), [(c[0], c[1], "((void)0)"), (p0, p0, stmt + "; ")])
    return res


UNREACHED = re.compile(r"^(.*?):(\d+):(\d+): warning: lock operation never reached in any execution")


def original(job):
    """The original variant: its model text, and the C locations of the lock
    operations and assertions lockspin warns no execution reaches."""
    spec, variant, work = job
    po = run([LOCKSPIN, "--dump=pml", "--variant", variant, spec])[1]
    rc, out, err = run([LOCKSPIN, "check", "--quiet", "--variant", variant, "--timeout", "60",
                        "--results", work + "/r", "--work", work + "/w", spec])
    m = re.search(r"^\S+ %s: ([a-z-]+)" % re.escape(variant), out, re.M)
    if rc != 0 or not m or m.group(1) != "ok":
        raise SystemExit("mutate: the original %s %s is not ok (exit %d): %s" % (spec, variant, rc, out + err))
    dead = set()
    for ln in err.splitlines():
        mm = UNREACHED.match(ln)
        if mm and mm.group(1) == spec:
            dead.add((int(mm.group(2)), int(mm.group(3))))
    return po, frozenset(dead)


def dump_one(job):
    spec, variant, name, mtext, sites, path = job
    with open(path, "w") as f:
        f.write(mtext)
    rc, pm, err = run([LOCKSPIN, "--dump=pml", "--variant", variant, path])
    return pm if rc == 0 else None


def pan_errors(pml, work):
    """Search the mutant's model (lockspin's own --dump=pml) with pan built
    as lockspin check builds its safety search (spin.c: -O0 -DSAFETY -DBFS).
    Returns the error count, or None if the search is incomplete or fails.
    An error in lockspin's model is a verdict other than ok: the mutant is
    killed without check's search for every further violation, its replays
    and its unreached and lock-order analyses, which a killed mutant does
    not need.  No error: check decides (a clean search may still end in a
    lock-order cycle)."""
    os.makedirs(work, exist_ok=True)
    model = os.path.join(work, "model.pml")
    old = open(model).read() if os.path.exists(model) else None
    if old != pml or not os.path.exists(os.path.join(work, "pan")):
        with open(model, "w") as f:
            f.write(pml)
        for argv in (["spin", "-a", "model.pml"],
                     ["cc", "-O0", "-w", "-DSAFETY", "-DBFS", "-DMEMLIM=8192", "-o", "pan", "pan.c"]):
            if subprocess.run(argv, cwd=work, capture_output=True).returncode != 0:
                return None
    try:
        p = subprocess.run(["./pan", "-m1000000"], cwd=work, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        return None
    out = p.stdout
    m = re.search(r"errors: (\d+)", out)
    if not m or "max search depth too small" in out or "out of memory" in out.lower():
        return None
    return int(m.group(1))


def check_one(job, pml=None):
    spec, variant, name, mtext, sites, path = job
    work = path[:-2] + ".w"
    if pml is not None and pan_errors(pml, work + "/pan"):
        return "pan-error", ""
    rc, out, err = run([LOCKSPIN, "check", "--quiet", "--variant", variant, "--timeout", "60",
                        "--results", work + "/r", "--work", work + "/w", path])
    m = re.search(r"^\S+ %s: ([a-z-]+)" % re.escape(variant), out, re.M)
    first = (err.strip().splitlines() or ["exit %d" % rc])[0]
    if rc == 2:
        return "rejected", first
    if not m:
        # no verdict and not a rejection: lockspin crashed or failed
        return "no-verdict", "exit %d: %s" % (rc, first)
    return m.group(1), ""


def classify(jobs, ex):
    """A verdict per mutant.  Checked by SPIN only when needed: a mutant
    whose model is the original's is the same model; one whose every edit is
    at a lock operation no execution of the original reaches changes no
    execution (lockspin's own unreached warning says so); mutants of one
    variant with the same model text share one check."""
    variants = sorted({(j[0], j[1]) for j in jobs})
    base = {}
    for (spec, v), r in zip(variants, ex.map(original, [(s, v, os.path.join(OUT, re.sub(r"[^A-Za-z0-9]+", "_", s[:-2]) + "-" + v + ".orig"))
                                                       for s, v in variants])):
        base[(spec, v)] = r
    raw = list(ex.map(dump_one, jobs))
    pmls = [pm.replace(j[5], j[0]) if pm is not None else None for j, pm in zip(jobs, raw)]
    results = [None] * len(jobs)
    first = {}
    todo = []
    for i, (j, pm) in enumerate(zip(jobs, pmls)):
        po, dead = base[(j[0], j[1])]
        if pm is not None and pm == po:
            results[i] = ("same-model", "")
        elif j[4] and j[4] <= dead:
            results[i] = ("unreached", ", ".join("%d:%d" % x for x in sorted(j[4])))
        elif pm is not None and (j[0], j[1], pm) in first:
            results[i] = ("dup", first[(j[0], j[1], pm)])
        else:
            if pm is not None:
                first[(j[0], j[1], pm)] = i
            todo.append(i)
    for i, r in zip(todo, ex.map(check_one, [jobs[i] for i in todo], [raw[i] for i in todo])):
        results[i] = r
    for i, r in enumerate(results):
        if r[0] == "dup":
            results[i] = results[r[1]]
    return results, len(todo)


def main(specs):
    os.makedirs(OUT, exist_ok=True)
    equiv = {}
    temp = []
    for ln in open(EQUIV) if os.path.exists(EQUIV) else []:
        if not ln.strip() or ln.startswith("#"):
            continue
        key, _, why = ln.partition("#")
        key = " ".join(key.split())
        if why.strip().startswith("TEMP"):
            temp.append(key)
            continue
        equiv[key] = why.strip()
    jobs = []
    for spec in specs:
        base = re.sub(r"[^A-Za-z0-9]+", "_", spec[:-2])
        for v in ok_variants(spec):
            for name, (t, sites) in sorted(mutants(spec, v).items()):
                # named by the mutation, so that pans are reused run to run
                tag = re.sub(r"[^A-Za-z0-9]+", "_", name)
                jobs.append((spec, v, name, t, sites, os.path.join(OUT, "%s-%s-%s.c" % (base, v, tag))))
    with ThreadPoolExecutor(JOBS) as ex:
        results, nchecked = classify(jobs, ex)
    npass = nfail = 0
    killed = counted = 0
    per = {}
    used = set()
    for (spec, v, name, t, sites, path), (verdict, why) in zip(jobs, results):
        key = "%s %s %s" % (spec, v, name)
        d = per.setdefault((spec, v), {"killed": 0, "survived": [], "same": [], "equiv": [], "dead": []})
        if verdict == "same-model":
            d["same"].append(name)
            continue
        if verdict == "unreached":
            d["dead"].append((name, why))
            continue
        if verdict == "no-verdict":
            # neither killed nor survived: lockspin itself failed on the mutant
            nfail += 1
            print("FAIL - mutant %s %s %s: lockspin check gave no verdict (%s) -> %s" % (spec, v, name, why, path))
            continue
        if verdict == "rejected":
            # not a C program lockspin must judge (e.g. a swap that moves a
            # lock call out of the scope of its operand): not counted
            print("  invalid mutant (rejected, not counted): %s %s %s: %s" % (spec, v, name, why))
            continue
        if verdict == "ok" and key in equiv:
            used.add(key)
            d["equiv"].append(name)
            continue
        counted += 1
        if verdict == "ok":
            d["survived"].append((name, path))
        elif verdict == "inconclusive":
            # the search did not finish: no verdict flags the mutant, so it
            # is not killed (and a timeout must not pass for a kill)
            d.setdefault("undecided", []).append((name, path))
        else:
            killed += 1
            d["killed"] += 1
    for (spec, v), d in per.items():
        undecided = d.get("undecided", [])
        n = d["killed"] + len(d["survived"]) + len(undecided)
        for name in d["same"]:
            print("  equivalent (same model): %s %s %s" % (spec, v, name))
        for name, why in d["dead"]:
            print("  equivalent (edits only code no execution of the original reaches, %s): %s %s %s"
                  % (why, spec, v, name))
        for name in d["equiv"]:
            print("  equivalent (listed): %s %s %s: %s" % (spec, v, name, equiv["%s %s %s" % (spec, v, name)]))
        if d["survived"] or undecided:
            nfail += 1
            print("FAIL - mutants of %s %s: %d of %d killed" % (spec, v, d["killed"], n))
            for name, path in undecided:
                print("  inconclusive (the search did not finish, not a kill): %s %s %s -> %s" % (spec, v, name, path))
            for name, path in d["survived"]:
                line = int(name.split()[1].split(":")[0])
                src = open(spec).read().split("\n")[line - 1].strip()
                print("  survivor: %s %s %s (C line %d: %s) -> %s" % (spec, v, name, line, src, path))
        else:
            npass += 1
            print("ok - mutants of %s %s: %d of %d killed" % (spec, v, d["killed"], n))
    for key in temp:
        nfail += 1
        print("FAIL - equivalent-mutants.txt: '%s' is marked TEMP: a survivor under review is not"
              " an equivalent mutant (strengthen the spec)" % key)
    for key in sorted(set(equiv) - used):
        nfail += 1
        print("FAIL - equivalent-mutants.txt: stale entry '%s' (no surviving mutant of that name)" % key)
    nsame = sum(len(d["same"]) + len(d["equiv"]) + len(d["dead"]) for d in per.values())
    score = 100.0 * killed / counted if counted else 100.0
    print("mutation score: %d of %d non-equivalent mutants killed (%.1f %%), %d equivalent listed, %d mutants in all"
          " (%d searched by SPIN)" % (killed, counted, score, nsame, len(jobs), nchecked))
    print("%d passed, %d failed" % (npass, nfail))
    return 0 if nfail == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.stderr.write(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
