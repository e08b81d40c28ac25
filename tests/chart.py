#!/usr/bin/env python3
"""chart.py: compare two sets of Kubernetes objects, as tests/chart.sh does.

    chart.py compare EXPECTED.yaml RENDERED.yaml

Each file is a multi-document YAML stream; each object is keyed by
(apiVersion, kind, namespace, name). Prints one line per difference (an
object only on one side, or a field that differs, with its path) and
exits 1 when there is any. The intended differences are listed in
INTENDED, each with its reason; they are the only ones forgiven.
"""
import sys

import yaml

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
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
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


def compare(expected, rendered):
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
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    sys.exit(__doc__)
