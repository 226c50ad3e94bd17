#!/usr/bin/env python3
"""extract/test/ci/check_outputs.py RESULTS SCHEMA - checks what a
`lockspin check` wrote for CI beside SUMMARY.md, one "ok - " or "FAIL - "
line per check:
  - lockspin.sarif validates against the OASIS SARIF 2.1.0 JSON schema, has
    one error result per violation (rules from the driver, ok variants none),
    and every codeFlow location is in the order of its executionOrder;
  - every verdict.json parses and agrees with its verdict.txt field by field;
  - index.html: every href and src resolves to a file in the results folder
    (or an anchor on the page), no script, no external resource.
"""
import html.parser
import json
import os
import sys

import jsonschema

res, schema_path = sys.argv[1], sys.argv[2]
fails = 0


def ok(cond, what):
    global fails
    print(("ok - " if cond else "FAIL - ") + what)
    if not cond:
        fails += 1


# ---- SARIF
log = json.load(open(os.path.join(res, "lockspin.sarif")))
schema = json.load(open(schema_path))
try:
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    ok(True, "sarif: valid against the SARIF 2.1.0 schema")
except jsonschema.ValidationError as e:
    ok(False, "sarif: schema: %s at %s" % (e.message, list(e.absolute_path)))
run = log["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
results = run["results"]
ok(all(rules[r["ruleIndex"]] == r["ruleId"] for r in results), "sarif: every ruleIndex names its ruleId")

# the verdicts, from verdict.json (checked against verdict.txt below)
verdicts = []
for root, dirs, files in os.walk(res):
    if "verdict.json" in files:
        verdicts.append((root, json.load(open(os.path.join(root, "verdict.json")))))
violations = [v for _, v in verdicts if v["verdict"] not in ("ok", "inconclusive", "no-violation-found")]
errors = [r for r in results if r["level"] == "error" and "also found" not in r["message"]["text"]]
ok(len(errors) == len(violations), "sarif: %d primary error results for %d violations" % (len(errors), len(violations)))
also = sum(len(v["also_found"]) for _, v in verdicts)
ok(len([r for r in results if "also found" in r["message"]["text"]]) == also, "sarif: %d also-found results" % also)
warn = sum(len(v["warnings"]) for _, v in verdicts)
ok(len([r for r in results if r["level"] == "warning"]) == warn, "sarif: %d unreached-code warnings" % warn)
inc = [v for _, v in verdicts if v["verdict"] in ("inconclusive", "no-violation-found")]
ok(len([r for r in results if r["level"] == "note"]) == len(inc),
   "sarif: one note per inconclusive search and per no-violation-found")
flows_ok = True
for r in results:
    if r["level"] != "error":
        continue
    if r["ruleId"] != "potential-deadlock" and "codeFlows" not in r:
        flows_ok = False
        print("  no codeFlows: " + r["message"]["text"])
    for cf in r.get("codeFlows", []):
        orders = []
        for tf in cf["threadFlows"]:
            o = [l["executionOrder"] for l in tf["locations"]]
            flows_ok &= o == sorted(o)
            orders += o
            flows_ok &= all(l["location"]["physicalLocation"]["region"]["startLine"] > 0 for l in tf["locations"])
        flows_ok &= len(orders) == len(set(orders))
ok(flows_ok, "sarif: every violation has thread flows, each step at a C line, in interleaving order")

# ---- verdict.json == verdict.txt
same = True
for root, v in verdicts:
    txt = {}
    for line in open(os.path.join(root, "verdict.txt")):
        k, _, val = line.rstrip("\n").partition(": ")
        txt.setdefault(k, val)
    exp = "%s (%s)" % (v["expected"], "as expected" if v["as_expected"] else "DIFFERS")
    checks = [txt["spec"] == v["spec"], txt["variant"] == v["variant"], txt["verdict"] == v["verdict"],
              txt["expected"] == exp, txt.get("why") == v["why"], txt.get("detail") == v["detail"],
              int(txt["states"]) == v["states"], int(txt["transitions"]) == v["transitions"],
              ("search incomplete" in txt) == (not v["complete"]),
              txt.get("search") == v.get("search")]
    if not all(checks):
        same = False
        print("  differs: " + root)
ok(same and verdicts, "verdict.json: %d files agree with verdict.txt" % len(verdicts))


# ---- index.html links
class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids, self.scripts = [], set(), 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" or (tag == "link" and a.get("rel") == "stylesheet"):
            self.scripts += 1
        if "id" in a:
            self.ids.add(a["id"])
        for k in ("href", "src", "xlink:href"):
            if k in a:
                self.refs.append(a[k])


page = Links()
page.feed(open(os.path.join(res, "index.html")).read())
broken = [r for r in page.refs
          if (r[1:] not in page.ids if r.startswith("#")
              else ":" in r or r.startswith("/") or not os.path.isfile(os.path.join(res, r)))]
ok(page.refs and not broken, "html: %d links and images resolve%s" % (len(page.refs), (": broken " + " ".join(broken[:5])) if broken else ""))
ok(page.scripts == 0, "html: no script and no external style sheet")
sys.exit(1 if fails else 0)
