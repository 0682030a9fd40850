#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Golden reports of the bad headers: conformance/cases/RULE/NAME.report.{txt,json,tap,xml}.

    golden.py TOOL --write   rewrite them (make regen; review the diff)
    golden.py TOOL --check   exit 1 and name every stale or missing one (make check)

Each case is the canonical header with its edits, judged on x86_64, i386
and m68k; the header's and the spec's paths are written <header> and <spec>,
so that a report does not depend on where the tree is. A case with a key
`spec` belongs to that spec: its edits apply to the canonical header of the
spec's Table P-1, judged by that spec.
"""
import concurrent.futures
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
CANONICAL = ROOT / "abi/include/linux/iommu_fault.h"
SPEC = ROOT / "spec/iommu-fault-abi.md"
ABIS = "x86_64,i386,m68k"
FORMATS = {"text": "txt", "json": "json", "tap": "tap", "junit": "xml"}


def apply_edits(text, edits, name):
    for e in edits:
        anchor = e.get("replace", e.get("after"))
        if text.count(anchor) != 1:
            sys.exit(f"golden.py: case {name}: anchor occurs {text.count(anchor)} times: {anchor!r}")
        text = text.replace(anchor, e["with"] if "replace" in e else anchor + e["insert"])
    return text


def canonical_of(spec):
    """The canonical header that Table P-1 of spec names."""
    if spec == SPEC:
        return CANONICAL
    found = re.search(r"^\| header \| (\S+) \|$", spec.read_text(), re.M)
    if not found:
        sys.exit(f"golden.py: {spec}: Table P-1 names no header")
    return ROOT / found.group(1)


def reports(tool, case, work):
    """The case's report in every format, paths made neutral."""
    with open(case, "rb") as f:
        data = tomllib.load(f)
    spec = ROOT / data.get("spec", SPEC.relative_to(ROOT))
    canonical = canonical_of(spec)
    header = work / "linux" / canonical.name
    header.parent.mkdir(exist_ok=True)
    header.write_text(apply_edits(canonical.read_text(), data["edits"], case.stem))
    out = {}
    for fmt, ext in FORMATS.items():
        # A report, not a race: a loaded machine must not turn a slow compile into a missing one.
        # SOURCE_DATE_EPOCH: the same bytes every time (JUnit's times are 0).
        proc = subprocess.run([tool, "check", str(header), "--abi", ABIS, "--spec", str(spec),
                               "--timeout", "240", "--format", fmt],
                              capture_output=True, text=True, timeout=900,
                              env=dict(os.environ, SOURCE_DATE_EPOCH="0"))
        if proc.returncode not in (0, 1):
            sys.exit(f"golden.py: {case}: check exited {proc.returncode}: {proc.stderr}")
        text = proc.stdout.replace(str(header.resolve()), "<header>").replace(str(spec), "<spec>")
        out[case.with_name(f"{case.stem}.report.{ext}")] = text
    return out


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("--write", "--check"):
        sys.exit(__doc__)
    tool, write = sys.argv[1], sys.argv[2] == "--write"
    stale = []
    cases = sorted((ROOT / "conformance/cases").glob("*/*.toml"))
    with tempfile.TemporaryDirectory() as tmp, \
         concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        dirs = [pathlib.Path(tmp) / str(i) for i in range(len(cases))]
        for d in dirs:
            d.mkdir()
        for out in pool.map(reports, [tool] * len(cases), cases, dirs):
            for path, text in out.items():
                if write:
                    path.write_text(text)
                elif not path.exists() or path.read_text() != text:
                    stale.append(path.relative_to(ROOT))
    for path in stale:
        print(f"stale golden report: {path}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
