# SPDX-License-Identifier: GPL-2.0
"""Exit codes a CI can branch on; unknown names are usage errors; --opt=value works."""
from conftest import CANONICAL, apply_edits, bad_cases, run_tool

EDITS = {c["name"]: c["edits"] for c in bad_cases()}


def test_unknown_names_are_usage_errors():
    assert run_tool("rules", "IFA-NOPE").returncode == 2
    assert run_tool("check", "--rules", "IFA-NOPE").returncode == 2
    assert run_tool("check", "--rules=!IFA-NOPE").returncode == 2
    assert run_tool("abis", "extra").returncode == 2
    assert run_tool("check", "--abi", "nope").returncode == 2


def test_equals_forms():
    proc = run_tool("check", "--abi=x86_64", "--format=json")
    assert proc.returncode == 0 and '"verdict": "pass"' in proc.stdout


def test_rule_exclusion(tmp_path):
    header = tmp_path / "x.h"
    header.write_text("#include <linux/types.h>\nstruct x {\n\t__u32 a;\n\t__u64 b;\n};\n")
    spec = "--spec=" + str(CANONICAL.parents[3] / "spec/uapi-portability.md")
    all_ = run_tool("check", str(header), spec, "--abi=x86_64,i386", "--format=json")
    assert all_.returncode == 1 and "UAPI-PORT-" in all_.stdout
    rest = run_tool("check", str(header), spec, "--abi=x86_64,i386", "--rules", "!UAPI-PORT",
                    "--format=json")
    assert rest.returncode == 0 and "\"rule\": \"UAPI-PORT" not in rest.stdout


def test_diff_codes(tmp_path):
    old = tmp_path / "old.h"
    old.write_text(CANONICAL.read_text())
    new = tmp_path / "new.h"
    new.write_text(apply_edits(CANONICAL.read_text(), EDITS["conforming-extension"], "ext"))
    assert run_tool("diff", str(old), str(new), "--abi=x86_64").returncode == 0
    assert run_tool("diff", str(old), str(old), "--abi=x86_64").returncode == 0
    help_ = run_tool("diff", "--help").stdout
    assert "--git" in help_
