# SPDX-License-Identifier: GPL-2.0
"""check --rules: the portability rules alone, for a UAPI header outside this ABI."""
import re
from xml.etree import ElementTree

import pytest

from conftest import SPEC, check_json, must_rules, run_tool

HEADER = """/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_FOO_H
#define _UAPI_LINUX_FOO_H

#include <linux/types.h>
#include <linux/ioctl.h>

/**
 * struct foo_req - a request
 * @flags: flags
 * @len: length
 * @addr: address
 */
struct foo_req {
	__u32 flags;
	__u32 len;
	%s
};

#define FOO_IOCTL _IOWR('f', 1, struct foo_req)

#endif /* _UAPI_LINUX_FOO_H */
"""
ABIS = ("--abi", "x86_64,i386,m68k")


def header(tmp_path, body):
    path = tmp_path / "foo.h"
    path.write_text(HEADER % body)
    return path


def test_clean_foreign_header_passes_the_portability_rules(tmp_path):
    clean = header(tmp_path, "__aligned_u64 addr;")
    rc, report = check_json(clean, "--rules", "IFA-PORT,IFA-HDR-4", *ABIS)
    assert (rc, report["verdict"], report["rules"]) == (0, "pass", "IFA-PORT IFA-HDR-4")
    assert [a["status"] for a in report["abis"]] == ["pass"] * 3
    # Without --spec or --rules it is judged as any UAPI header, and passes.
    rc, report = check_json(clean, *ABIS)
    assert (rc, report["verdict"]) == (0, "pass") and report["spec"].endswith("uapi-portability.md")
    # Judged by this spec, it fails: its structs are not there (IFA-LAY-1).
    rc, report = check_json(clean, "--spec", str(SPEC), *ABIS)
    assert rc == 1 and "IFA-LAY-1" in must_rules(report) and report["rules"] is None
    # The spec's budget rows name structs this header lacks: no size, rather than a made-up one.
    assert [(b["member"], b["size"], b["bytes_left"]) for b in report["budget"]] == [
        ("event", None, None), ("prm", None, None)]
    text = run_tool("check", clean, "--spec", str(SPEC), *ABIS).stdout
    assert re.search(r"prm +iommu_fault_page_request +not in the header", text)


def test_foreign_header_portability_defect_fires_only_selected_rules(tmp_path):
    """A __u64 after three __u32: a hole on x86_64 (IFA-PORT-2), because __u64 is not
    __aligned_u64 (IFA-PORT-3); that i386 and m68k lay it out without the hole is the
    hole's consequence, not a finding of its own."""
    bad = header(tmp_path, "__u32 pad;\n\t__u64 addr;")
    rc, report = check_json(bad, "--rules", "IFA-PORT", *ABIS)
    assert rc == 1
    assert must_rules(report) == {"IFA-PORT-2", "IFA-PORT-3"}
    hole = next(f for f in report["findings"] if f["rule"] == "IFA-PORT-2")
    assert hole["struct"] == "foo_req" and hole["abis"] == ["x86_64"]
    assert "on i386 m68k" in hole["consequences"][0]
    assert {f["rule"] for f in report["findings"]} <= must_rules(report)


def test_every_format_says_which_rules_were_applied(tmp_path):
    clean = header(tmp_path, "__aligned_u64 addr;")
    text = run_tool("check", clean, "--rules", "IFA-PORT", *ABIS, check_rc=0).stdout
    assert "rules:   IFA-PORT (no other rule applied)" in text
    assert "growth budget" not in text
    tap = run_tool("check", clean, "--rules", "IFA-PORT", "--format", "tap", *ABIS,
                   check_rc=0).stdout
    assert "# rules: IFA-PORT (no other rule applied)" in tap
    junit = run_tool("check", clean, "--rules", "IFA-PORT", "--format", "junit", *ABIS,
                     check_rc=0).stdout
    rules = ElementTree.fromstring(junit).find("testsuite/properties/property[@name='rules']")
    assert rules is not None and rules.get("value") == "IFA-PORT"


@pytest.mark.parametrize("rules", ["IFA-FOO", "IFA-POR", "IFA-PORT-9", "IFA-PORT,,", ""])
def test_rules_that_name_no_rule_are_a_usage_error(rules):
    proc = run_tool("check", "--rules", rules)
    assert proc.returncode == 2, proc.stdout
    assert "--rules" in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("command", ["layout", "diff"])
def test_rules_belongs_to_check(command):
    proc = run_tool(command, "--rules", "IFA-PORT")
    assert proc.returncode == 2 and f"{command} does not take --rules" in proc.stderr
