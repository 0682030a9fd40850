# SPDX-License-Identifier: GPL-2.0
"""The canonical header conforms, measured on the whole matrix."""
import os
import shutil

from conftest import CANONICAL, check_json, run_tool


def test_canonical_header_conforms():
    rc, report = check_json(CANONICAL)
    assert rc == 0 and report["verdict"] == "pass", report["findings"]
    assert not [f for f in report["findings"] if f["severity"] == "MUST"]


def test_at_least_24_abis_measured_and_passed():
    """`make check` installs the cross compilers, so the matrix is measured for real."""
    _, report = check_json(CANONICAL)
    passed = [a["name"] for a in report["abis"] if a["status"] == "pass"]
    assert len(passed) >= 24, report["abis"]
    by_name = {a["name"]: a for a in report["abis"]}
    for name in ("x86_64", "i386", "m68k", "arm-oabi", "sh4", "arc"):
        assert "gcc" in by_name[name]["engines"], by_name[name]


def test_gcc_is_the_authority_where_clang_disagrees():
    """clang gives m68k a 4-aligned response struct; GCC gives 2, and GCC's stands: an
    engine that disagrees is outvoted, never a finding of its own."""
    rc, report = check_json(CANONICAL, "--abi", "m68k")
    assert rc == 0 and report["verdict"] == "pass" and report["findings"] == []
    text = run_tool("layout", CANONICAL, "--struct", "iommu_fault_response", "--abi", "m68k",
                    check_rc=0).stdout
    assert "24, 2" in text


def test_abi_without_engine_is_skipped_not_passed(tmp_path):
    """With no cross compiler on PATH, GCC-only ABIs are skipped with the package to install."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("gcc", "g++", "clang", "clang++", "as"):
        found = shutil.which(tool)
        if found:
            (bindir / tool).symlink_to(found)
    env = dict(os.environ, PATH=str(bindir))
    rc, report = check_json(CANONICAL, "--abi", "x86_64,alpha,sh4", env=env)
    by_name = {a["name"]: a for a in report["abis"]}
    assert by_name["x86_64"]["status"] == "pass"
    for name, package in (("alpha", "gcc-alpha-linux-gnu"), ("sh4", "gcc-sh4-linux-gnu")):
        assert by_name[name]["status"] == "skipped"
        assert by_name[name]["engines"] == []
        assert package in by_name[name]["reason"]


def test_nothing_measurable_is_an_environment_error(tmp_path):
    env = dict(os.environ, PATH=str(tmp_path))
    proc = run_tool("check", "--abi", "alpha", env=env)
    assert proc.returncode == 3
    assert "no ABI could be measured" in proc.stderr


def test_abi_selection():
    _, report = check_json(CANONICAL, "--abi", "i386,x86_64")
    assert [a["name"] for a in report["abis"]] == ["i386", "x86_64"]


def test_header_compile_without_its_compiler_is_reported_skipped(tmp_path):
    """No clang on PATH: its IFA-HDR-4 compiles are named as skipped, not counted as passed."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for tool in ("gcc", "as"):
        (bindir / tool).symlink_to(shutil.which(tool))
    env = dict(os.environ, PATH=str(bindir))
    proc = run_tool("check", "--abi", "x86_64", env=env)
    assert proc.returncode == 0
    verdict = proc.stdout[proc.stdout.rindex("verdict:"):]	# wrapped at 80 columns
    assert " ".join(verdict.split()).endswith("header compiles skipped (compiler not installed)")
    _, report = check_json(CANONICAL, "--abi", "x86_64", env=env)
    skipped = {f["expected"] for f in report["findings"]
               if f["rule"] == "IFA-HDR-4" and f["actual"] == "compiler not installed"}
    assert "clang -x c -std=c90" in skipped and "g++ -x c++ -std=c++17" in skipped
