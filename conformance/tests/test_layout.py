# SPDX-License-Identifier: GPL-2.0
"""`layout` shows every ABI side by side, odd ones out in their own column."""
from conftest import CANONICAL, apply_edits, bad_cases, run_tool


def test_hole_and_its_abis(tmp_path):
    case = next(c for c in bad_cases() if c["name"] == "hwpt-pgfault-6.11")
    header = tmp_path / "iommu_fault.h"
    header.write_text(apply_edits(CANONICAL.read_text(), case["edits"], case["name"]))
    out = run_tool("layout", header, "--struct", "iommu_hwpt_pgfault",
                   "--abi", "x86_64,i386,m68k", check_rc=0).stdout
    lines = out.splitlines()
    assert lines[0] == "struct iommu_hwpt_pgfault"
    assert lines[1].split() == ["[1]", "x86_64"]
    assert lines[2].split() == ["[2]", "i386"]
    assert lines[3].split() == ["[3]", "m68k"]
    addr = next(l for l in lines if l.strip().startswith("addr"))
    assert addr.split()[2:] == ["24+8", "20+8", "20+8"]
    size = next(l for l in lines if "size, alignment" in l)
    assert "40, 8" in size and "36, 4" in size and "36, 2" in size
    assert "4@20" in next(l for l in lines if "implicit padding" in l)
    perm = next(i for i, l in enumerate(lines) if l.strip().startswith("perm"))
    assert lines[perm + 1].split() == ["(implicit)", "hole", "4"], "the hole is marked under perm"


def test_unknown_struct():
    proc = run_tool("layout", CANONICAL, "--struct", "nope", "--abi", "x86_64")
    assert proc.returncode == 2 and "no struct nope" in proc.stderr
