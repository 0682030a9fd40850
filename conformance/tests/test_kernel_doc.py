# SPDX-License-Identifier: GPL-2.0
"""IFA-HDR-5 judged by the kernel's own scripts/kernel-doc -none -Werror, its warnings passed on.

Our own kernel-doc check is kept only for what kernel-doc of Linux 6.1 does not
say in that mode: a struct with no comment at all, a title with no purpose, an
@name for a struct member that is not there, an undocumented macro.
"""
import json
import os
import subprocess

import pytest

from conftest import ROOT, TOOL

CANONICAL = ROOT / "abi/include/linux/iommu_fault.h"
SPEC = ROOT / "spec/iommu-fault-abi.md"


def kernel_doc_installed():
    env = os.environ.get("IFA_KERNEL_DOC")
    if env is not None:
        return bool(env) and os.access(env, os.X_OK)
    import glob
    return bool(glob.glob("/usr/lib/linux-kbuild-*/scripts/kernel-doc"))


needs_kernel_doc = pytest.mark.skipif(
    not kernel_doc_installed(),
    reason="scripts/kernel-doc is not installed (Debian's linux-kbuild-6.1; make check installs it)")


def header(tmp_path, old=None, new=None):
    text = CANONICAL.read_text()
    if old is not None:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    d = tmp_path / "linux"
    d.mkdir(exist_ok=True)
    (d / "iommu_fault.h").write_text(text)
    return d / "iommu_fault.h"


def check(path, env=None):
    proc = subprocess.run([TOOL, "check", str(path), "--abi", "x86_64", "--spec", str(SPEC),
                           "--rules", "IFA-HDR-5", "--format", "json"],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    return proc.returncode, [f for f in report["findings"] if f["rule"] == "IFA-HDR-5"]


@needs_kernel_doc
def test_canonical_header_has_no_kernel_doc_warning():
    rc, findings = check(CANONICAL)
    assert rc == 0 and findings == [], findings


@needs_kernel_doc
def test_undocumented_member_is_kernel_docs_warning_passed_on(tmp_path):
    path = header(tmp_path, " * @grpid: Page Request Group Index\n", "")
    rc, findings = check(path)
    assert rc == 1
    (f,) = findings
    assert f["struct"] == "iommu_fault_page_request" and f["field"] == "grpid"
    # As the kernel build prints it: the file, its line, and kernel-doc's own words.
    assert f["actual"].startswith(f"{path}:")
    assert ": warning: Function parameter or member 'grpid' not described in " \
           "'iommu_fault_page_request'" in f["actual"]
    assert "kernel-doc -none -Werror" in f["expected"]


@needs_kernel_doc
def test_enum_value_missing_and_excess_are_kernel_docs(tmp_path):
    path = header(tmp_path, " * @IOMMU_FAULT_PAGE_REQ: recoverable page request, @prm is valid\n",
                  " * @IOMMU_FAULT_PAGE_REQUEST: recoverable page request, @prm is valid\n")
    rc, findings = check(path)
    assert rc == 1
    said = sorted(f["actual"].split(": warning: ", 1)[1] for f in findings)
    assert said == ["Enum value 'IOMMU_FAULT_PAGE_REQ' not described in enum 'iommu_fault_type'",
                    "Excess enum value 'IOMMU_FAULT_PAGE_REQUEST' description in 'iommu_fault_type'"]


@needs_kernel_doc
def test_what_kernel_doc_does_not_say_is_still_ours(tmp_path):
    # A struct member described but not there: kernel-doc of 6.1 checks excess names of
    # functions and enums only.
    path = header(tmp_path, " * @grpid: Page Request Group Index\n",
                  " * @grpid: Page Request Group Index\n * @gpasid: guest PASID\n")
    rc, findings = check(path)
    assert rc == 1 and [f["field"] for f in findings] == ["gpasid"], findings
    assert "kernel-doc" not in findings[0]["expected"]


def test_missing_kernel_doc_is_skipped_never_passed(tmp_path):
    path = header(tmp_path, " * @grpid: Page Request Group Index\n", "")
    for value in ("", str(tmp_path / "no-such-kernel-doc")):
        rc, findings = check(path, {"IFA_KERNEL_DOC": value})
        assert rc == 0
        (note,) = findings
        assert note["severity"] == "info" and "skipped" in note["message"], note
        assert "not installed" in note["actual"]


def test_every_warning_counts_even_when_the_exit_status_wraps(tmp_path):
    """kernel-doc exits with its count of warnings: 256 of them exit 0."""
    fake = tmp_path / "kernel-doc"
    fake.write_text("#!/bin/sh\nfor f; do :; done\n"
                    "i=0; while [ $i -lt 256 ]; do\n"
                    "  echo \"$f:$((i + 1)): warning: Function parameter or member 'm$i' "
                    "not described in 'iommu_fault'\" >&2; i=$((i + 1)); done\n"
                    "echo '256 warnings as Errors' >&2\nexit 0\n")
    fake.chmod(0o755)
    rc, findings = check(header(tmp_path), {"IFA_KERNEL_DOC": str(fake)})
    assert rc == 1 and len(findings) == 256
    assert {f["struct"] for f in findings} == {"iommu_fault"}
    assert not any("warnings as Errors" in f["actual"] for f in findings)


def test_a_kernel_doc_that_breaks_is_a_finding_not_a_pass(tmp_path):
    fake = tmp_path / "kernel-doc"
    fake.write_text("#!/bin/sh\necho \"Can't locate Foo.pm in @INC\" >&2\nexit 2\n")
    fake.chmod(0o755)
    rc, findings = check(header(tmp_path), {"IFA_KERNEL_DOC": str(fake)})
    assert rc == 1
    (f,) = findings
    assert "scripts/kernel-doc failed" in f["message"] and "Foo.pm" in f["actual"]


@needs_kernel_doc
def test_a_kernel_trees_header_is_judged_on_the_profiles_structures_only(tmp_path):
    """iommufd.h as a kernel tree has it: kernel-doc's warnings about structures the
    iommufd profile does not cover are not IOFD-HDR-5 findings; those about its own are."""
    text = (ROOT / "conformance/history/linux-6.14/iommufd.h").read_text()
    assert text.count(" * @pasid: PASID\n") == 1
    text = text.replace(" * @pasid: PASID\n", "")
    end = text.rindex("#endif")
    text = (text[:end] + "/**\n * struct vmm_other - another structure of the file\n * @a: first\n */\n"
            "struct vmm_other {\n\t__u32 a;\n\t__u32 b;\n};\n\n" + text[end:])
    d = tmp_path / "linux"
    d.mkdir()
    (d / "iommufd.h").write_text(text)
    proc = subprocess.run([TOOL, "check", str(d / "iommufd.h"), "--abi", "x86_64", "--spec",
                           str(ROOT / "spec/iommufd-fault.md"), "--rules", "IOFD-HDR-5",
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert [(f["struct"], f["field"]) for f in findings] == [("iommu_hwpt_pgfault", "pasid")]
