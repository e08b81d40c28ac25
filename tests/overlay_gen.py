#!/usr/bin/env python3
"""overlay_gen.py: specs with generated environment overlays, for the
differential test of the overlay check (tests/overlay-diff.sh).

  overlay_gen.py OUTDIR FILE...

For every ModelDeployment among FILE (each document of each file), writes
variants into OUTDIR: the spec with one more environment, "gen", whose
merge patch changes one node of the spec (a valid value from
fixtures/effect/fields.json, the same type, another type, deleted, a new
member, a list with one item changed or gone), and some with two such
environments or two changes in one. Which nodes is a fixed pseudo-random
choice per file, so runs are reproducible. Prints the number of files.
"""
import copy
import json
import os
import random
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PER_DOC = 14
# libyaml's loader and dumper when PyYAML has them: ten times faster
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def nodes(v, path):
    """Every (path, value) below v, v itself included."""
    yield path, v
    if isinstance(v, dict):
        for k, c in v.items():
            yield from nodes(c, path + [k])
    elif isinstance(v, list):
        for i, c in enumerate(v):
            yield from nodes(c, path + [i])


def other_type(v):
    if isinstance(v, bool):
        return "yes-really"
    if isinstance(v, (int, float)):
        return "not-a-number"
    if isinstance(v, str):
        return 12345
    if isinstance(v, list):
        return {"was": "a list"}
    return ["was", "an object"]


def same_type(v, rnd):
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return rnd.choice([v + 1, v * 4 + 3, 0, -1, 65536])
    if isinstance(v, float):
        return rnd.choice([v / 2, v + 1.5, 0.0])
    if isinstance(v, str):
        return rnd.choice([v + "x", v.upper(), "", "10m", "1.2.3",
                           "password", "AKIAIOSFODNN7EXAMPLE", v[: len(v) // 2]])
    if isinstance(v, list):
        return v[:-1] if v else ["x"]
    return dict(v, zzUnknownMember=1)


def mutate(v, rnd):
    """A replacement for v (None deletes it)."""
    kind = rnd.randrange(5)
    if kind == 0:
        return None
    if kind == 1:
        return other_type(v)
    return same_type(v, rnd)


def patch_for(spec, path, new):
    """The merge patch that makes spec[path] = new (None: delete). Lists
    are replaced whole: a path through a list patches the list."""
    for i, step in enumerate(path):
        if isinstance(step, int):
            lst = copy.deepcopy(get(spec, path[:i]))
            inner = path[i + 1:]
            if inner:
                set_in(lst[step], inner, new)
            elif new is None:
                del lst[step]
            else:
                lst[step] = new
            return wrap(path[:i], lst)
    return wrap(path, new)


def get(v, path):
    for s in path:
        v = v[s]
    return v


def set_in(v, path, new):
    for s in path[:-1]:
        v = v[s]
    if new is None:
        if isinstance(v, dict):
            v.pop(path[-1], None)
        else:
            del v[path[-1]]
    else:
        v[path[-1]] = new


def wrap(path, v):
    for s in reversed(path):
        v = {s: v}
    return v


def merge(a, b):
    """Two patches in one (b wins)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return b
    out = dict(a)
    for k, v in b.items():
        out[k] = merge(a.get(k), v) if k in a else v
    return out


def valid_changes():
    """The valid values fixtures/effect/fields.json knows, by pointer."""
    with open(os.path.join(ROOT, "fixtures", "effect", "fields.json")) as f:
        fields = json.load(f)["fields"]
    out = []
    for e in fields:
        for ptr, v in e.get("change", {}).items():
            if ptr.startswith("/spec/") and v != "<absent>":
                parts = [p.replace("~1", "/").replace("~0", "~")
                         for p in ptr.split("/")[2:]]
                out.append(([int(p) if p.isdigit() else p for p in parts], v))
    return out


def variants(doc, rnd, valid):
    spec = doc["spec"]
    base = {k: v for k, v in spec.items() if k != "environments"}
    envs = spec.get("environments")
    envs = envs if isinstance(envs, dict) else {}
    cands = [(p, v) for p, v in nodes(base, []) if p]
    if not cands:
        return
    picks = rnd.sample(cands, min(PER_DOC, len(cands)))
    usable = [(p, v) for p, v in valid if exists_parent(base, p)]
    for n, (path, v) in enumerate(picks):
        if usable and n % 3 == 0:
            path, new = rnd.choice(usable)
        else:
            new = mutate(v, rnd)
        try:
            patch = patch_for(base, path, new)
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(patch, dict):
            continue
        gen = {"gen": patch}
        if n % 4 == 1:  # two changes in one environment
            p2, v2 = rnd.choice(cands)
            try:
                gen["gen"] = merge(patch, patch_for(base, p2, mutate(v2, rnd)))
            except (KeyError, IndexError, TypeError):
                pass
        if n % 5 == 2:  # a second environment
            p2, v2 = rnd.choice(cands)
            try:
                gen["gen2"] = patch_for(base, p2, mutate(v2, rnd))
            except (KeyError, IndexError, TypeError):
                pass
        out = copy.deepcopy(doc)
        out["spec"]["environments"] = dict(envs, **gen)
        yield out


def exists_parent(v, path):
    try:
        get(v, path[:-1])
        return isinstance(get(v, path[:-1]), dict)
    except (KeyError, IndexError, TypeError):
        return False


def main():
    outdir, files = sys.argv[1], sys.argv[2:]
    valid = valid_changes()
    count = 0
    for name in files:
        try:
            with open(name, encoding="utf-8") as f:
                docs = list(yaml.load_all(f, Loader=LOADER))
        except (yaml.YAMLError, UnicodeDecodeError):
            continue  # the loader's fixtures: nothing to overlay
        rnd = random.Random(name)
        for doc in docs:
            if not (isinstance(doc, dict) and doc.get("kind") == "ModelDeployment"
                    and isinstance(doc.get("spec"), dict)):
                continue
            for v in variants(doc, rnd, valid):
                count += 1
                path = os.path.join(outdir, "v%05d.mcp.yaml" % count)
                with open(path, "w", encoding="utf-8") as f:
                    yaml.dump(v, f, Dumper=DUMPER, sort_keys=False,
                              allow_unicode=True)
    print(count)


if __name__ == "__main__":
    main()
