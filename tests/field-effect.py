#!/usr/bin/env python3
"""field-effect.py: no field of the spec schema is accepted without an effect.

Every leaf field of schema/mcp-spec.schema.json (a property whose value is
not an object with properties of its own: a scalar, a list of scalars, a
map of scalars) must have an entry in fixtures/effect/fields.json:

  {"field": "spec.rollout.timeout",
   "base":   {"/spec/rollout/timeout": "15s"},      optional: applied to both runs
   "change": {"/spec/rollout/timeout": "10m"},      the valid value it changes to
   "buildArgs": ["-e", "dev"]}                       optional: extra build arguments

or an entry in its "noEffect" list with the reason it has none. For each
entry the test writes the fixture spec (fixtures/effect/full.mcp.json)
with the base changes, then with the change as well, and requires that:
both are valid against the schema (check holds every environment to it) (no MCP-SCHEMA finding), and `mcpc
build` output (manifests, values, their schema, the report) or the
findings of `mcpc check` differ between the two. Places (file:line:col)
are left out of the comparison, so moving a line is not an effect.

The test also fails when a schema leaf has no entry, when an entry names
no leaf of the schema, and when a "noEffect" field turns out to have one.

A pointer's value "<absent>" removes the member. Output: one line per
failure, then "N passed, N failed".
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD", "build")
MCPC = os.path.join(ROOT, BUILD, "mcpc")
SCHEMA = os.path.join(ROOT, "schema", "mcp-spec.schema.json")
FIXDIR = os.path.join(ROOT, "fixtures", "effect")
ABSENT = "<absent>"

passed = 0
failed = 0


def ok():
    global passed
    passed += 1


def bad(msg):
    global failed
    failed += 1
    print("FAIL: " + msg)


# ---- the schema's leaves --------------------------------------------------

def resolve(schema, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 64:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target = schema
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        # keep the referring node's own keywords beside the target's
        merged = dict(target)
        for k, v in node.items():
            if k != "$ref":
                merged.setdefault(k, v)
        node = merged
        seen += 1
    return node


def members(schema, node):
    """The properties a node declares, itself and in its allOf/then/else."""
    props = {}
    stack = [node]
    while stack:
        n = resolve(schema, stack.pop())
        if not isinstance(n, dict):
            continue
        for k, v in n.get("properties", {}).items():
            if v is False:
                continue
            props.setdefault(k, v)
        for key in ("allOf", "anyOf", "oneOf"):
            stack.extend(n.get(key, []))
        for key in ("then", "else"):
            if key in n:
                stack.append(n[key])
    return props


def value_schema(schema, node):
    """The schema of a map's values, when the node is a map."""
    n = resolve(schema, node)
    ap = n.get("additionalProperties")
    if isinstance(ap, dict):
        return ap
    return None


def leaves(schema, node, path, out, depth=0):
    n = resolve(schema, node)
    if depth > 20:
        out.append(path)
        return
    props = members(schema, n)
    if props:
        for name in sorted(props):
            leaves(schema, props[name], path + "." + name if path else name,
                   out, depth + 1)
        return
    vs = value_schema(schema, n)
    if vs is not None and (members(schema, vs) or value_schema(schema, vs)):
        leaves(schema, vs, path + ".*", out, depth + 1)
        return
    items = n.get("items")
    if isinstance(items, dict) and members(schema, resolve(schema, items)):
        leaves(schema, items, path + "[]", out, depth + 1)
        return
    out.append(path)


# ---- running mcpc ---------------------------------------------------------

def pointer_parts(ptr):
    assert ptr.startswith("/"), ptr
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr[1:].split("/")]


def apply(doc, changes):
    for ptr, value in changes.items():
        parts = pointer_parts(ptr)
        cur = doc
        for p in parts[:-1]:
            if isinstance(cur, list):
                cur = cur[int(p)]
            else:
                cur = cur.setdefault(p, {})
        last = parts[-1]
        if isinstance(cur, list):
            if value == ABSENT:
                del cur[int(last)]
            elif last == "-":
                cur.append(value)
            else:
                cur[int(last)] = value
        elif value == ABSENT:
            cur.pop(last, None)
        else:
            cur[last] = value


POS = re.compile(r"(\.mcp\.json)(:[0-9]+){1,2}")


def normal(text):
    return POS.sub(r"\1", text)


def run(doc, args, work):
    """Build and check doc; return (schema findings, comparable output)."""
    if os.path.exists(work):
        shutil.rmtree(work)
    shutil.copytree(FIXDIR, work, ignore=shutil.ignore_patterns("fields.json"))
    with open(os.path.join(work, "full.mcp.json"), "w") as f:
        f.write(json.dumps(doc, indent=1) + "\n")
    chk = subprocess.run([MCPC, "check", "--format", "json",
                          "full.mcp.json"], cwd=work, capture_output=True,
                         text=True)
    if chk.returncode not in (0, 1):
        return None, "check exit %d: %s" % (chk.returncode, chk.stderr.strip())
    findings = json.loads(chk.stdout)["findings"]
    schema_findings = [f for f in findings
                       if f.get("ruleId", f.get("rule", "")).startswith(
                           ("MCP-SCHEMA", "MCP-YAML", "MCP-IO"))]
    verdict = sorted((f.get("ruleId", f.get("rule", "")),
                      f.get("severity", ""), f.get("pointer", ""),
                      normal(f.get("message", ""))) for f in findings)
    bld = subprocess.run([MCPC, "build", "-o", "out", "--fail-on", "error",
                          *args, "full.mcp.json"], cwd=work,
                         capture_output=True, text=True)
    files = {}
    outdir = os.path.join(work, "out")
    if os.path.isdir(outdir):
        for name in sorted(os.listdir(outdir)):
            with open(os.path.join(outdir, name), encoding="utf-8") as f:
                files[name] = normal(f.read())
    return schema_findings, {"check": verdict, "build": bld.returncode,
                             "files": files}


def diff_names(a, b):
    names = []
    if a["check"] != b["check"]:
        names.append("findings")
    if a["build"] != b["build"]:
        names.append("build exit status")
    for name in sorted(set(a["files"]) | set(b["files"])):
        if a["files"].get(name) != b["files"].get(name):
            names.append(name)
    return names


def main():
    if not os.access(MCPC, os.X_OK):
        print("field-effect: %s not built" % MCPC)
        print("0 passed, 1 failed")
        return 1
    with open(SCHEMA) as f:
        schema = json.load(f)
    with open(os.path.join(FIXDIR, "fields.json")) as f:
        table = json.load(f)
    with open(os.path.join(FIXDIR, "full.mcp.json")) as f:
        full = json.load(f)

    found = []
    leaves(schema, schema, "", found)
    found = sorted(set(found))
    entries = {}
    for e in table["fields"]:
        if e["field"] in entries:
            bad("%s: two entries" % e["field"])
        entries[e["field"]] = e
    no_effect = {e["field"]: e for e in table.get("noEffect", [])}
    for field, e in no_effect.items():
        if not e.get("reason"):
            bad("%s: a noEffect entry without a reason" % field)
        if field in entries:
            bad("%s: both an entry and a noEffect entry" % field)

    # every leaf has an entry, every entry a leaf
    for field in found:
        if field in entries or field in no_effect:
            ok()
        else:
            bad("%s: a field of the schema with no entry in "
                "fixtures/effect/fields.json" % field)
    for field in list(entries) + list(no_effect):
        if field not in found:
            bad("%s: an entry for no field of the schema" % field)

    tmp = tempfile.mkdtemp(prefix="mcpc-effect.")
    try:
        base_cache = {}
        for field in sorted(entries) + sorted(no_effect):
            e = entries.get(field) or no_effect[field]
            args = e.get("buildArgs", [])
            base_doc = json.loads(json.dumps(full))
            apply(base_doc, e.get("base", {}))
            key = json.dumps([e.get("base", {}), args], sort_keys=True)
            if key not in base_cache:
                base_cache[key] = run(base_doc, args, os.path.join(tmp, "a"))
            sa, oa = base_cache[key]
            if sa is None:
                bad("%s: base: %s" % (field, oa))
                continue
            if sa:
                bad("%s: the base spec is not valid: %s" %
                    (field, "; ".join(f["message"] for f in sa)))
                continue
            if "change" not in e:
                if field in no_effect:
                    ok()
                    continue
                bad("%s: an entry without a change" % field)
                continue
            doc = json.loads(json.dumps(base_doc))
            apply(doc, e["change"])
            sb, ob = run(doc, args, os.path.join(tmp, "b"))
            if sb is None:
                bad("%s: changed: %s" % (field, ob))
                continue
            if sb:
                bad("%s: the changed value is not valid: %s" %
                    (field, "; ".join(f["message"] for f in sb)))
                continue
            changed = diff_names(oa, ob)
            if field in no_effect:
                if changed:
                    bad("%s: listed as without effect, but changing it "
                        "changes %s" % (field, ", ".join(changed)))
                else:
                    ok()
            elif changed:
                ok()
            else:
                bad("%s: changing it to %s changes neither build output "
                    "nor findings" % (field, json.dumps(e["change"])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
