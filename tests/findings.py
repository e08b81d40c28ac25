#!/usr/bin/env python3
"""findings.py FORMAT FILE: the findings of an mcpc report in any format,
one "file:line:rule" a line, sorted, so that reports of one run in
different formats (and runs of different forms) can be compared."""
import json
import re
import sys
import xml.dom.minidom


def text(s):
    pat = re.compile(r"^(\S.*?):(\d+):\d+: (?:error|warning|info)\[([A-Z0-9-]+)\]")
    pat0 = re.compile(r"^(\S.*?): (?:error|warning|info)\[([A-Z0-9-]+)\]")
    out = []
    for line in s.splitlines():
        m = pat.match(line)
        if m:
            out.append("%s:%s:%s" % m.groups())
            continue
        m = pat0.match(line)
        if m:
            out.append("%s:0:%s" % m.groups())
    return out


def js(s):
    return ["%s:%s:%s" % (f.get("file"), f.get("line", 0), f["rule"])
            for f in json.loads(s)["findings"]]


def sarif(s):
    out = []
    for run in json.loads(s)["runs"]:
        for r in run.get("results", []):
            locs = r.get("locations") or [{}]
            pl = locs[0].get("physicalLocation", {})
            uri = pl.get("artifactLocation", {}).get("uri")
            line = pl.get("region", {}).get("startLine", 0)
            out.append("%s:%s:%s" % (uri, line, r["ruleId"]))
    return out


def junit(s):
    doc = xml.dom.minidom.parseString(s)
    out = []
    for fl in doc.getElementsByTagName("failure"):
        body = "".join(n.data for n in fl.childNodes if n.nodeType == n.TEXT_NODE)
        out.extend(text(body))
    return out


def github(s):
    pat = re.compile(r"^::(?:error|warning|notice) file=([^,]*),line=(\d+)(?:,col=\d+)?,title=([A-Z0-9-]+)::")
    out = []
    for line in s.splitlines():
        m = pat.match(line)
        if m:
            out.append("%s:%s:%s" % m.groups())
    return out


def markdown(s):
    out, cur = [], None
    for line in s.splitlines():
        m = re.match(r"^### `(.*)`$", line)
        if m:
            cur = m.group(1)
            continue
        m = re.match(r"^\| (\d+)(?::\d+)? \| \w+ \| `([A-Z0-9-]+)` \|", line)
        if m and cur is not None:
            out.append("%s:%s:%s" % (cur, m.group(1), m.group(2)))
    return out


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8", errors="replace") as f:
        s = f.read()
    fn = {"text": text, "json": js, "sarif": sarif, "junit": junit,
          "github": github, "markdown": markdown}[fmt]
    for line in sorted(fn(s)):
        print(line)


if __name__ == "__main__":
    main()
