#!/usr/bin/env python3
"""chart.py: what tests/chart.sh asks of Python (and PyYAML).

    chart.py compare EXPECTED.yaml RENDERED.yaml
        The two multi-document streams as sets of objects keyed by
        (apiVersion, kind, namespace, name), each pair deep-equal: one line
        per difference (an object on one side only, or a field with its
        path); exit 1 when there is any. The intended differences are
        INTENDED, each with its reason; no other is forgiven.
    chart.py compare-list LIST
        Each line of LIST is "same|differ TAB EXPECTED TAB RENDERED TAB
        WHAT": prints "ok" when the pair compares as it should, else
        "FAIL: WHAT" and the differences (one process for a whole suite).
    chart.py variant SPEC CHANGE [SPEC CHANGE]...
        Rewrite each spec SPEC (YAML) as JSON with one change the
        standard's --set parameters have a spec twin for (CHANGE:
        replicas=N, logLevel=L, metrics=off, gpu=off, storage=TYPE).
    chart.py envs SPEC...
        One line per spec and environment: "SPEC" for the spec as written,
        "SPEC ENV" for each of its spec.environments (a spec that does
        not parse as YAML gets its one line: mcpc says what is wrong).
    chart.py meta CHART_DIR MATRIX MAKEFILE PERMISSIONS
        Chart.yaml against the project: apiVersion v2, the name, mcpc's
        version, the Triton release of the defaults as appVersion, the
        Kubernetes range of the matrix's Helm rows as kubeVersion; the
        defaults' permission map against rules/rbac/permissions.yaml. One
        line per problem; exit 1 when there is any.
"""
import json
import re
import sys

import yaml

# libyaml's loader when PyYAML has it: five times faster on these files
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What `mcpc build` emits and the chart, by design, does not.
INTENDED = {
    # helm install --create-namespace makes the namespace (and Helm refuses
    # a chart that would own the namespace it installs into); mcpc build
    # emits it so that kubectl apply and Argo CD create it.
    ("v1", "Namespace"): "the release's namespace is Helm's (--create-namespace)",
}


def load(path):
    """The objects of a YAML stream, keyed; a key given twice is an error."""
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.load_all(f, Loader=LOADER) if d is not None]
    out = {}
    for d in docs:
        meta = d.get("metadata") or {}
        key = (d.get("apiVersion"), d.get("kind"), meta.get("namespace"), meta.get("name"))
        if key in out:
            raise SystemExit("%s: %s given twice" % (path, "/".join(map(str, key))))
        out[key] = d
    return out


def diff(a, b, path, out):
    """Append to out a line for each place a and b differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            p = "%s.%s" % (path, k)
            if k not in b:
                out.append("%s: only in mcpc's (%r)" % (p, a[k]))
            elif k not in a:
                out.append("%s: only in the chart's (%r)" % (p, b[k]))
            else:
                diff(a[k], b[k], p, out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d items in mcpc's, %d in the chart's" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out)
    elif type(a) != type(b) or a != b:  # noqa: E721 (1 and 1.0, True and 1 differ)
        out.append("%s: %r in mcpc's, %r in the chart's" % (path, a, b))


def differences(expected, rendered):
    """One line per difference between the two streams."""
    want, got = load(expected), load(rendered)
    out = []
    for key in sorted(set(want) | set(got), key=lambda k: tuple(map(str, k))):
        name = "%s %s %s/%s" % key
        if key[:2] in INTENDED:
            if key in got:
                out.append("%s: rendered by the chart, though %s" % (name, INTENDED[key[:2]]))
            continue
        if key not in got:
            out.append("%s: only in mcpc's" % name)
        elif key not in want:
            out.append("%s: only in the chart's" % name)
        else:
            diff(want[key], got[key], name, out)
    return out


def compare(expected, rendered):
    out = differences(expected, rendered)
    for line in out:
        print(line)
    return 1 if out else 0


def compare_list(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            how, expected, rendered, what = line.rstrip("\n").split("\t")
            out = differences(expected, rendered)
            if (how == "same") == (not out):
                print("ok")
            elif how == "same":
                print("FAIL: %s: the chart's objects differ from mcpc build's" % what)
                for d in out[:20]:
                    print("  | %s" % d)
            else:
                print("FAIL: %s: changes nothing" % what)


def variant(spec, change):
    """The spec with one change, written back as JSON (which mcpc reads as
    YAML too), so that a --set of the chart has its spec twin."""
    with open(spec, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=LOADER)
    s = doc["spec"]
    what, _, arg = change.partition("=")
    if what == "replicas":
        s["inference"]["replicas"] = int(arg)
    elif what == "logLevel":
        s.setdefault("observability", {})["logLevel"] = arg
    elif what == "metrics":
        s.setdefault("observability", {}).setdefault("metrics", {})["enabled"] = False
    elif what == "gpu":
        s["inference"].setdefault("gpu", {})["enabled"] = False
    elif what == "storage":
        scheme = {"azure-blob": "as", "s3": "s3", "gcs": "gs"}[arg]
        for m in s["inference"]["models"]:
            st = m["storage"]
            st["uri"] = "%s://%s" % (scheme, st["uri"].split("://", 1)[1])
            st["type"] = arg
    else:
        raise SystemExit("variant: no change %r" % change)
    with open(spec, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)


def meta(chart, matrix, header, permissions):
    """Chart.yaml and the defaults' permission map, against the project."""
    out = []
    with open("%s/Chart.yaml" % chart, encoding="utf-8") as f:
        c = yaml.safe_load(f)
    with open("%s/values.yaml" % chart, encoding="utf-8") as f:
        v = yaml.safe_load(f)
    # the project's version, MCPC_VERSION (the Makefile takes it from there)
    with open(header, encoding="utf-8") as f:
        version = re.search(r'^#define MCPC_VERSION "([0-9.]+)"$', f.read(), re.M).group(1)
    want = {"apiVersion": "v2", "name": "mcp-ai102", "type": "application", "version": version}
    for k, w in want.items():
        if c.get(k) != w:
            out.append("Chart.yaml %s: %r, expected %r" % (k, c.get(k), w))
    if not c.get("description"):
        out.append("Chart.yaml: no description")
    release = v.get("tritonRelease")
    if c.get("appVersion") != release:
        out.append("Chart.yaml appVersion %r is not the defaults' tritonRelease %r" % (c.get("appVersion"), release))
    if not str(v["image"]["tag"]).startswith("%s-" % release):
        out.append("values.yaml image.tag %r is not Triton %s's" % (v["image"]["tag"], release))
    # the Kubernetes range the matrix's Helm rows support, as Helm
    # constraints with -0 so that cloud builds (1.29.4-gke.1) match
    with open(matrix, encoding="utf-8") as f:
        rows = yaml.safe_load(f)["spec"]["helm"]
    lows, highs = [], []
    for r in rows:
        lo, hi = re.match(r"^>=\s*1\.(\d+),\s*<=\s*1\.(\d+)$", r["kubernetes"]).groups()
        lows.append(int(lo))
        highs.append(int(hi))
    kv = ">= 1.%d.0-0, < 1.%d.0-0" % (min(lows), max(highs) + 1)
    if c.get("kubeVersion") != kv:
        out.append("Chart.yaml kubeVersion %r, the matrix's Helm rows give %r" % (c.get("kubeVersion"), kv))
    with open(permissions, encoding="utf-8") as f:
        bundled = yaml.safe_load(f)["spec"]["permissions"]
    mapped = {}
    for p in bundled:
        mapped[p["name"]] = {"clusterRole": p["clusterRole"]} if "clusterRole" in p else {"rules": p["rules"]}
    if v["rbac"]["permissions"] != mapped:
        out.append("values.yaml rbac.permissions is not %s" % permissions)
    for line in out:
        print(line)
    return 1 if out else 0


def envs(specs):
    for spec in specs:
        print(spec)
        try:
            with open(spec, encoding="utf-8") as f:
                doc = yaml.load(f, Loader=LOADER)
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            continue
        named = doc.get("spec", {}).get("environments") if isinstance(doc, dict) else None
        if isinstance(named, dict):
            for env in sorted(named):
                print(spec, env)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 3 and sys.argv[1] == "compare-list":
        sys.exit(compare_list(sys.argv[2]))
    if len(sys.argv) >= 4 and len(sys.argv) % 2 == 0 and sys.argv[1] == "variant":
        for i in range(2, len(sys.argv), 2):
            variant(sys.argv[i], sys.argv[i + 1])
        sys.exit(0)
    if len(sys.argv) >= 2 and sys.argv[1] == "envs":
        envs(sys.argv[2:])
        sys.exit(0)
    if len(sys.argv) == 6 and sys.argv[1] == "meta":
        sys.exit(meta(*sys.argv[2:]))
    sys.exit(__doc__)
