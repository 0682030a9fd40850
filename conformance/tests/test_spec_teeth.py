# SPDX-License-Identifier: GPL-2.0
"""The spec is the source of truth: change one number in a copy and the suites fail."""
import subprocess

import pytest

from conftest import CANONICAL, ROOT, SPEC, check_json, must_rules, run_tool

ADDR_ROW = "| addr | __aligned_u64 | 16 | 8 | 1 | - |"
PRIV_ROW = "| IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA | 1 << 2 |"


def spec_copy(tmp_path, old, new):
    text = SPEC.read_text()
    assert text.count(old) == 1, old
    path = tmp_path / "spec.md"
    path.write_text(text.replace(old, new))
    return path


def test_checker_follows_an_edited_offset(tmp_path):
    spec = spec_copy(tmp_path, ADDR_ROW, ADDR_ROW.replace("| 16 |", "| 20 |"))
    rc, report = check_json(CANONICAL, "--spec", spec, "--abi", "x86_64,i386")
    assert rc == 1 and must_rules(report) == {"IFA-LAY-2"}
    f = report["findings"][0]
    assert (f["struct"], f["field"], f["expected"], f["actual"]) == \
        ("iommu_fault_page_request", "addr", "offset 20", "offset 16")


def test_checker_follows_an_edited_flag_value(tmp_path):
    spec = spec_copy(tmp_path, PRIV_ROW, PRIV_ROW.replace("1 << 2", "1 << 5"))
    rc, report = check_json(CANONICAL, "--spec", spec, "--abi", "x86_64")
    assert rc == 1 and must_rules(report) == {"IFA-VAL-5"}
    assert report["findings"][0]["expected"] == "32"


def build_host_check(tmp_path, spec):
    """Builds the host Check test against the table generated from spec; returns its run."""
    table = run_tool("spec-table", "--spec", spec, check_rc=0).stdout
    (tmp_path / "spec_table.h").write_text(table)
    libs = subprocess.run(["pkg-config", "--libs", "check"], capture_output=True, text=True,
                          check=True).stdout.split()
    exe = tmp_path / "check_host_layout"
    subprocess.run(["gcc", "-DIFA_CC=\"gcc\"", f"-I{ROOT}/abi/include", f"-I{tmp_path}",
                    str(ROOT / "conformance/tests/check_host_layout.c"), *libs, "-o", str(exe)],
                   check=True)
    return subprocess.run([str(exe)], capture_output=True, text=True)


@pytest.mark.parametrize("old,new,says", [
    (ADDR_ROW, ADDR_ROW.replace("| 16 |", "| 20 |"),
     "IFA-LAY-2: struct iommu_fault_page_request.addr offset: spec 20, header 16"),
    (PRIV_ROW, PRIV_ROW.replace("1 << 2", "1 << 5"),
     "IFA-VAL-5: IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA: spec 32, header 4"),
])
def test_host_check_suite_follows_the_spec(tmp_path, old, new, says):
    proc = build_host_check(tmp_path, spec_copy(tmp_path, old, new))
    assert proc.returncode != 0
    assert says in proc.stdout + proc.stderr


def test_host_check_suite_passes_on_the_spec_as_it_is(tmp_path):
    proc = build_host_check(tmp_path, SPEC)
    assert proc.returncode == 0, proc.stdout


def test_generated_table_is_current_and_would_go_stale():
    current = run_tool("spec-table", check_rc=0).stdout
    assert current == (ROOT / "conformance/generated/spec_table.h").read_text(), \
        "conformance/generated/spec_table.h is stale: run make regen"


def test_edited_spec_makes_the_generated_table_stale(tmp_path):
    spec = spec_copy(tmp_path, ADDR_ROW, ADDR_ROW.replace("| 16 |", "| 20 |"))
    edited = run_tool("spec-table", "--spec", spec, check_rc=0).stdout
    assert edited != (ROOT / "conformance/generated/spec_table.h").read_text()


def test_inconsistent_spec_is_refused(tmp_path):
    spec = spec_copy(tmp_path, "| 40 | 120 | 80 |", "| 40 | 120 | 81 |")
    proc = run_tool("check", "--spec", spec)
    assert proc.returncode == 2
    assert "spec.md:" in proc.stderr and "Bytes left disagrees" in proc.stderr
