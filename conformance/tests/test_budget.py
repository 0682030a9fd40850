# SPDX-License-Identifier: GPL-2.0
"""Growth accounting in the report: bytes and flag bits used and left."""
import re

from conftest import CANONICAL, SPEC, bad_cases, check_json


def spec_budget_rows():
    """Table B-1 as the spec states it: member -> (size, budget, bytes left, bits used, bits left)."""
    rows = {}
    for m in re.finditer(r"^\| (\w+) \| struct \w+ \| (\d+) \| (\d+) \| (\d+) \| \w+ \| \w+ \| (\d+) \| (\d+) \|$",
                         SPEC.read_text(), re.M):
        rows[m.group(1)] = tuple(int(g) for g in m.groups()[1:])
    return rows


def report_rows(report):
    return {b["member"]: (b["size"], b["budget"], b["bytes_left"], b["flag_bits_used"],
                          b["flag_bits_left"]) for b in report["budget"]}


def test_canonical_budget_is_table_b1():
    _, report = check_json(CANONICAL, "--abi", "x86_64,m68k")
    assert report_rows(report) == spec_budget_rows() != {}


def test_conforming_extension_uses_eight_bytes_and_one_bit(edited_header):
    case = next(c for c in bad_cases() if c["name"] == "conforming-extension")
    rc, report = check_json(edited_header(case["edits"]), "--abi", "x86_64,i386")
    assert rc == 0
    size, budget, left, used, bits_left = spec_budget_rows()["prm"]
    assert report_rows(report)["prm"] == (size + 8, budget, left - 8, used + 1, bits_left - 1)
