# SPDX-License-Identifier: GPL-2.0
"""Shared helpers of the command-line and cross-file tests."""
import json
import os
import pathlib
import subprocess
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CANONICAL = ROOT / "abi/include/linux/iommu_fault.h"
SPEC = ROOT / "spec/iommu-fault-abi.md"
BAD = ROOT / "conformance/bad"
CASES = ROOT / "conformance/cases"
TOOL = os.environ.get("IFA_TOOL", str(ROOT / "build/iommu-fault-abi"))


def run_tool(*args, env=None, check_rc=None):
    """Runs iommu-fault-abi; returns the CompletedProcess."""
    proc = subprocess.run([TOOL, *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=300)
    if check_rc is not None:
        assert proc.returncode == check_rc, (proc.returncode, proc.stdout, proc.stderr)
    return proc


def run_harness(command, *implementation, fixtures=None, timeout=None, byte_order=None):
    """Runs check-roles or check-decoder on an implementation's command words."""
    opts = []
    if fixtures:
        opts += ["--fixtures", fixtures]
    if timeout:
        opts += ["--timeout", str(timeout)]
    if byte_order:
        opts += ["--byte-order", byte_order]
    return run_tool(command, *opts, *implementation)


def check_json(header, *args, **kw):
    """Runs `check --format json`; returns (exit code, parsed report)."""
    proc = run_tool("check", header, "--format", "json", *args, **kw)
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr)
    return proc.returncode, json.loads(proc.stdout)


def must_rules(report):
    return {f["rule"] for f in report["findings"] if f["severity"] == "MUST"}


IOFD_SPEC = ROOT / "spec/iommufd-fault.md"
IOFD_CANONICAL = ROOT / "abi/include/linux/iommufd_fault.h"


def bad_cases(spec=SPEC):
    """The cases of conformance/cases/RULE/NAME.toml that belong to spec (a case's key
    `spec`, the first spec when it has none), with their name and directory."""
    cases = []
    for path in sorted(CASES.glob("*/*.toml")):
        with open(path, "rb") as f:
            case = tomllib.load(f)
        if ROOT / case.get("spec", SPEC.relative_to(ROOT)) != spec:
            continue
        case["name"] = path.stem
        case["path"] = path
        cases.append(case)
    return cases


def apply_edits(text, edits, name):
    """The canonical header with a case's edits; each anchor must occur exactly once."""
    for e in edits:
        anchor = e.get("replace", e.get("after"))
        count = text.count(anchor)
        assert count == 1, f"case {name}: anchor occurs {count} times: {anchor!r}"
        if "replace" in e:
            text = text.replace(anchor, e["with"])
        else:
            text = text.replace(anchor, anchor + e["insert"])
    return text


@pytest.fixture
def edited_header(tmp_path):
    """Writes the canonical header with edits applied; returns its path."""
    def make(edits, name="edited"):
        path = tmp_path / "linux" / "iommu_fault.h"
        path.parent.mkdir(exist_ok=True)
        path.write_text(apply_edits(CANONICAL.read_text(), edits, name))
        return path
    return make
