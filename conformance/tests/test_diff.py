# SPDX-License-Identifier: GPL-2.0
"""`diff` classifies every header change of conformance/bad/diff-cases.toml exactly."""
import json
import tomllib
import xml.etree.ElementTree as ET

import pytest

from conftest import BAD, CANONICAL, apply_edits, bad_cases, run_tool

with open(BAD / "diff-cases.toml", "rb") as f:
    DIFF_CASES = tomllib.load(f)["case"]
BAD_EDITS = {c["name"]: c["edits"] for c in bad_cases()}


def edits_of(side):
    """A side's edits: a list (maybe starting with { extends = CASE }) or a bad case's name."""
    if isinstance(side, str):
        return BAD_EDITS[side]
    edits = []
    for e in side:
        edits += BAD_EDITS[e["extends"]] if "extends" in e else [e]
    return edits


def write_side(tmp_path, label, side):
    path = tmp_path / label / "iommu_fault.h"
    path.parent.mkdir()
    path.write_text(apply_edits(CANONICAL.read_text(), edits_of(side), label))
    return path


def diff_json(*headers, abi=None):
    args = ["diff", *headers, "--format", "json"] + (["--abi", abi] if abi else [])
    proc = run_tool(*args)
    assert proc.returncode in (0, 1, 4), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def case_headers(case, tmp_path):
    new = write_side(tmp_path, "new", case["new"])
    if case["old"] == "spec":
        return [new]
    return [write_side(tmp_path, "old", case["old"]), new]


@pytest.mark.parametrize("case", DIFF_CASES, ids=[c["name"] for c in DIFF_CASES])
def test_diff_classifies_exactly(case, tmp_path):
    rc, report = diff_json(*case_headers(case, tmp_path))
    got = {f'{c["class"]} {c["rule"]}' for c in report["changes"]}
    assert got == set(case["changes"]), report["changes"]
    assert report["verdict"] == case["verdict"]
    assert rc == case["exit"]


def test_hole_fill_moves_b_on_i386_only(tmp_path):
    case = next(c for c in DIFF_CASES if c["name"] == "hole-filled-moves-fields-on-i386")
    _, report = diff_json(*case_headers(case, tmp_path), abi="x86_64,i386,aarch64,m68k")
    moved = [c for c in report["changes"] if c["field"] == "b" and c["message"] == "field moved"]
    assert moved and set(moved[0]["abis"]) == {"i386", "m68k"}
    assert moved[0]["old"] == "__u64 b at 4, 8 bytes" and moved[0]["new"] == "__u64 b at 8, 8 bytes"


def test_text_shows_both_layouts_and_the_rule(tmp_path):
    case = next(c for c in DIFF_CASES if c["name"] == "argsz-inserted-before-version")
    proc = run_tool("diff", *case_headers(case, tmp_path), "--abi", "x86_64")
    assert proc.returncode == 1
    out = proc.stdout
    assert "breaking    IFA-GROW-4  struct iommu_fault_response.version: field moved" in out
    assert "    old: __u32 version at 0, 4 bytes\n    new: __u32 version at 4, 4 bytes" in out
    assert out.rstrip().splitlines()[-1].startswith("verdict: breaking")


def test_budget_before_and_after(tmp_path):
    case = next(c for c in DIFF_CASES if c["name"] == "conforming-gated-extension")
    _, report = diff_json(*case_headers(case, tmp_path), abi="x86_64")
    before = {b["member"]: b for b in report["budget"]["before"]}
    after = {b["member"]: b for b in report["budget"]["after"]}
    assert (before["prm"]["size"], after["prm"]["size"]) == (40, 48)
    # bits below 24: gates take them; 24 to 31 are for must-understand flags (IFA-GROW-15)
    assert (before["prm"]["flag_bits_left"], after["prm"]["flag_bits_left"]) == (20, 19)


def test_tap_and_junit(tmp_path):
    case = next(c for c in DIFF_CASES if c["name"] == "flag-moved-to-another-bit")
    headers = case_headers(case, tmp_path)
    tap = run_tool("diff", *headers, "--abi", "x86_64", "--format", "tap").stdout.splitlines()
    assert tap[0] == "TAP version 13" and tap[1] == "1..1"
    assert tap[-1].startswith("not ok 1 breaking IFA-GROW-4 IOMMU_FAULT_PAGE_REQUEST_NEEDS_PASID")
    suite = ET.fromstring(run_tool("diff", *headers, "--abi", "x86_64", "--format",
                                   "junit").stdout).find("testsuite")
    assert suite.get("failures") == "1"


@pytest.mark.parametrize("which", ["old", "new"])
def test_input_error_names_the_side(which, tmp_path):
    good = CANONICAL
    bad = tmp_path / "broken.h"
    bad.write_text("struct broken { __u32 a __u32 b; };\n")
    args = [bad, good] if which == "old" else [good, bad]
    proc = run_tool("diff", *args)
    assert proc.returncode == 2
    assert f"{which} header:" in proc.stderr and "broken.h" in proc.stderr


def test_missing_side(tmp_path):
    proc = run_tool("diff", tmp_path / "gone.h", CANONICAL)
    assert proc.returncode == 2 and "old header:" in proc.stderr and "gone.h" in proc.stderr
    assert run_tool("diff").returncode == 2


SIZED = """#ifndef _G_H
#define _G_H
#include <linux/types.h>
struct g_alloc { __u32 size; __u32 flags; __u32 out_id; __u32 __reserved;%s };
#endif
"""


def test_size_versioned_growth_of_a_uapi_header(tmp_path):
    """iommufd's way (6.6 -> 6.7): a struct whose first field is `size` grows at its end.
    A header of no spec is judged by spec/uapi-portability.md: UAPI-CHG-2, compatible."""
    old, new, renamed = tmp_path / "old.h", tmp_path / "new.h", tmp_path / "renamed.h"
    old.write_text(SIZED % "")
    new.write_text(SIZED % " __aligned_u64 extra;")
    renamed.write_text((SIZED % "").replace("__u32 out_id;", "__u32 out_fd;"))
    rc, report = diff_json(old, new, abi="x86_64,i386")
    assert (rc, report["verdict"]) == (0, "compatible")
    assert [(c["class"], c["rule"], c["field"]) for c in report["changes"]] == [
        ("compatible", "UAPI-CHG-2", "extra")]
    rc, report = diff_json(new, old, abi="x86_64,i386")
    assert (rc, report["verdict"]) == (1, "breaking")
    assert {c["rule"] for c in report["changes"]} == {"UAPI-CHG-1"}
    rc, report = diff_json(old, renamed, abi="x86_64,i386")
    assert (rc, report["verdict"]) == (0, "source-only")
    assert {c["rule"] for c in report["changes"]} == {"UAPI-CHG-3"}


def test_diff_of_a_header_of_no_spec_needs_both_sides(tmp_path):
    new = tmp_path / "new.h"
    new.write_text(SIZED % "")
    proc = run_tool("diff", new)
    assert proc.returncode == 2 and "give OLD.h as well" in proc.stderr


def test_budget_of_a_missing_struct_is_null_as_in_check(tmp_path):
    """check and diff say the same of a payload the header lacks: no size, not -1."""
    new = tmp_path / "iommu_fault.h"
    new.write_text("#ifndef X\n#define X\n#include <linux/types.h>\n"
                   "struct iommu_fault_response { __u32 argsz; };\n#endif\n")
    _, report = diff_json(new, abi="x86_64")
    assert [(b["member"], b["size"], b["bytes_left"]) for b in report["budget"]["after"]] == [
        ("event", None, None), ("prm", None, None)]
