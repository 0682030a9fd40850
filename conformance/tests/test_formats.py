# SPDX-License-Identifier: GPL-2.0
"""The four output formats carry the same verdict."""
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import CANONICAL, bad_cases, run_tool

ABIS = "x86_64,i386,m68k,alpha"


@pytest.fixture(scope="module")
def hole_header(tmp_path_factory):
    from conftest import apply_edits
    case = next(c for c in bad_cases() if c["name"] == "hwpt-pgfault-6.11")
    path = tmp_path_factory.mktemp("hole") / "iommu_fault.h"
    path.write_text(apply_edits(CANONICAL.read_text(), case["edits"], case["name"]))
    return path


def test_json_schema(hole_header):
    proc = run_tool("check", hole_header, "--abi", ABIS, "--format", "json", check_rc=1)
    report = json.loads(proc.stdout)
    assert report["verdict"] == "fail"
    for abi in report["abis"]:
        assert set(abi) >= {"name", "engines", "status", "reason"}
        assert abi["status"] in ("pass", "fail", "skipped")
    for f in report["findings"]:
        assert set(f) >= {"rule", "severity", "struct", "field", "abis", "expected",
                          "actual", "message"}
    assert {a["name"]: a["status"] for a in report["abis"]}["x86_64"] == "fail"


def test_text(hole_header):
    out = run_tool("check", hole_header, "--abi", ABIS, check_rc=1).stdout
    # the line a review quotes: rule, file:line, struct.field, ABIs, fix; details below
    first = [l for l in out.splitlines() if l.startswith("IFA-PORT-2 ")]
    assert first and first[0].startswith("IFA-PORT-2 iommu_fault.h:")
    assert " iommu_hwpt_pgfault.addr on x86_64 alpha: add an" in first[0]
    assert "\n    MUST: the compiler leaves a hole before this field\n" in out
    assert all(len(l) <= 80 for l in out.splitlines() if not l.startswith("iommu-fault-abi check")
               and not l.startswith("  against"))
    quiet = run_tool("check", hole_header, "--abi", ABIS, "--quiet", check_rc=1).stdout
    assert quiet.startswith("\nIFA-PORT-") and "growth budget" not in quiet and "verdict: fail" in quiet
    assert out.rstrip().splitlines()[-1].startswith("verdict: fail: 4 ABIs measured")


def test_tap(hole_header):
    lines = run_tool("check", hole_header, "--abi", ABIS, "--format", "tap",
                     check_rc=1).stdout.splitlines()
    assert lines[0] == "TAP version 13" and lines[1] == "1..5"
    points = [l for l in lines if l.startswith(("ok ", "not ok "))]
    assert len(points) == 5
    assert "not ok 2 x86_64" in points
    assert any(l.startswith("# IFA-PORT-2 iommu_hwpt_pgfault.addr") for l in lines)
    # The hole fails the ABIs that have it; the __u64 (IFA-PORT-3) fails the header itself.
    assert "not ok 1 header" in points and "not ok 5 alpha" in points
    assert "ok 3 i386" in points and "ok 4 m68k" in points
    assert lines[-1] == "# Totals: pass:2 fail:3 xfail:0 xpass:0 skip:0 error:0"


def test_tap_canonical_all_ok():
    lines = run_tool("check", "--abi", ABIS, "--format", "tap", check_rc=0).stdout.splitlines()
    assert lines[1] == "1..5"
    assert [l.split()[:3] for l in lines if l.startswith(("ok ", "not ok "))] == \
        [["ok", "1", "header"], ["ok", "2", "x86_64"], ["ok", "3", "i386"], ["ok", "4", "m68k"],
         ["ok", "5", "alpha"]]


def test_junit(hole_header):
    """One test case per struct and ABI: the hole fails its struct's case on x86_64."""
    out = run_tool("check", hole_header, "--abi", ABIS, "--format", "junit", check_rc=1).stdout
    suite = ET.fromstring(out).find("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("tests") == str(len(cases)) and len(cases) > len(ABIS.split(","))
    failed = [c for c in cases if c.get("name") == "x86_64" and c.find("failure") is not None]
    assert failed and any("IFA-PORT-2" in c.find("failure").text for c in failed)
    assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)


def test_junit_reports_skipped(tmp_path):
    env = {"PATH": str(tmp_path)}
    (tmp_path / "clang").symlink_to("/usr/bin/clang")
    out = run_tool("check", "--abi", "x86_64,alpha", "--format", "junit", env=env).stdout
    suite = ET.fromstring(out).find("testsuite")
    alpha = [c for c in suite.findall("testcase") if c.get("name") == "alpha"]
    assert alpha and all(c.find("skipped") is not None for c in alpha)
    assert suite.get("skipped") == str(len(alpha))
    assert all(c.find("skipped") is None for c in suite.findall("testcase") if c.get("name") == "x86_64")
