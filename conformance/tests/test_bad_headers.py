# SPDX-License-Identifier: GPL-2.0
"""Every bad header of conformance/cases/ fires exactly its rules."""
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
    """One finding (IFA-PORT-2): where the hole is, on which ABIs, how to mend it, and the
    layouts it makes differ (i386 and m68k without the hole) as its consequence."""
    case = next(c for c in CASES if c["name"] == "hwpt-pgfault-6.11")
    rc, report = check_json(edited_header(case["edits"]))
    holes = [f for f in report["findings"]
             if f["rule"] == "IFA-PORT-2" and f["struct"] == "iommu_hwpt_pgfault"]
    assert len(holes) == 1 and holes[0]["field"] == "addr", report["findings"]
    abis = set(holes[0]["abis"])
    assert {"x86_64", "aarch64", "riscv64"} <= abis
    assert "i386" not in abis and "m68k" not in abis
    assert holes[0]["actual"].startswith("hole before addr: 4 bytes at offset 20 on x86_64")
    assert "__u32 __reserved" in holes[0]["fix"] and "__aligned_u64" in holes[0]["fix"]
    (consequence,) = holes[0]["consequences"]
    assert consequence.startswith("struct iommu_hwpt_pgfault: 40 bytes on x86_64")
    assert "36 bytes on i386" in consequence and "m68k" in consequence
    # No second MUST finding for the same hole, and none for the layout it changes.
    assert not [f for f in report["findings"] if f["rule"] == "IFA-PORT-1"]


def test_pahole_sees_the_hole_too(edited_header):
    """pahole reads the probe's DWARF on its own; its count is evidence, never a finding."""
    case = next(c for c in CASES if c["name"] == "hwpt-pgfault-6.11")
    _, report = check_json(edited_header(case["edits"]), "--abi", "x86_64")
    holes = [f for f in report["findings"] if f["rule"] == "IFA-PORT-2"]
    assert len(holes) == 1
    assert "pahole's count of padding agrees on 1 ABIs" in holes[0]["evidence"]
    assert "pahole" in report["abis"][0]["engines"]
