# SPDX-License-Identifier: GPL-2.0
"""Every bad header of conformance/bad/cases.toml fires exactly its rules."""
import pytest

from conftest import bad_cases, check_json, must_rules

CASES = bad_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_header_fires_exactly_its_rules(case, edited_header):
    header = edited_header(case["edits"], case["name"])
    rc, report = check_json(header)
    assert must_rules(report) == set(case["rules"]), report["findings"]
    assert rc == case["exit"]
    assert report["verdict"] == ("pass" if case["exit"] == 0 else "fail")


def test_hwpt_pgfault_hole_is_named_with_its_abis_and_fix(edited_header):
    """The finding says where the hole is, on which ABIs, and how to mend it."""
    case = next(c for c in CASES if c["name"] == "hwpt-pgfault-6.11")
    rc, report = check_json(edited_header(case["edits"]))
    holes = [f for f in report["findings"]
             if f["rule"] == "IFA-PORT-2" and f["struct"] == "iommu_hwpt_pgfault"
             and f["field"] == "addr"]
    assert holes, report["findings"]
    abis = set(holes[0]["abis"])
    assert {"x86_64", "aarch64", "riscv64"} <= abis
    assert "i386" not in abis and "m68k" not in abis
    assert holes[0]["actual"] == "4-byte hole at offset 20"
    assert "__u32 __reserved" in holes[0]["fix"]


def test_pahole_sees_the_hole_too(edited_header):
    """pahole reads the probe's DWARF on its own and counts the same 4 bytes."""
    case = next(c for c in CASES if c["name"] == "hwpt-pgfault-6.11")
    _, report = check_json(edited_header(case["edits"]), "--abi", "x86_64")
    by_pahole = [f for f in report["findings"]
                 if f["rule"] == "IFA-PORT-2" and f["actual"].startswith("pahole:")]
    assert by_pahole and by_pahole[0]["actual"] == "pahole: 4 bytes of holes, 0 of padding"
    assert "pahole" in report["abis"][0]["engines"]
