# SPDX-License-Identifier: GPL-2.0
"""The iommufd profile (spec/iommufd-fault.md): its canonical header, its bad headers,
what Linux 6.11 and 6.14 shipped, and a kernel-style iommufd.h judged without false alarm."""
import json
import os
import pathlib
import re
import subprocess
import tomllib

import pytest

from conftest import (BAD, IOFD_CANONICAL, IOFD_SPEC, ROOT, apply_edits, bad_cases, check_json,
                      must_rules, run_tool)

HISTORY = ROOT / "conformance/history"
OLD, NEW = HISTORY / "linux-6.11/iommufd.h", HISTORY / "linux-6.14/iommufd.h"
CASES = bad_cases(IOFD_SPEC)
with open(BAD / "iommufd-diff-cases.toml", "rb") as f:
    DIFF_CASES = tomllib.load(f)["case"]
# The ABIs where __u64 is less than 8-aligned: 6.11's record has no hole there.
SHORT_U64 = {"i386", "arm-oabi", "m68k", "sh4", "arc", "csky"}


def iofd_check(header, *args):
    return check_json(header, "--spec", IOFD_SPEC, *args)


def measured(report):
    return {a["name"] for a in report["abis"] if a["status"] != "skipped"}


def write_header(tmp_path, text, name="iommufd_fault.h", label="h"):
    path = tmp_path / label / "linux" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_canonical_header_passes_on_every_abi():
    rc, report = iofd_check(IOFD_CANONICAL)
    assert (rc, report["verdict"], report["findings"]) == (0, "pass", [])
    assert report["spec"].endswith("spec/iommufd-fault.md")
    statuses = {a["name"]: a["status"] for a in report["abis"]}
    assert len([s for s in statuses.values() if s == "pass"]) >= 24, statuses
    assert "fail" not in statuses.values()


def test_every_header_rule_has_a_bad_header():
    rules = dict(line.split("\t") for line in
                 run_tool("rules", "--spec", IOFD_SPEC, check_rc=0).stdout.splitlines())
    header = {r for r, party in rules.items() if party == "header"}
    fired = {r for c in CASES for r in c["rules"]}
    fired |= {c.split()[1] for case in DIFF_CASES for c in case["changes"]}
    assert header == fired, sorted(header ^ fired)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_header_fires_exactly_its_rules(case, tmp_path):
    header = write_header(tmp_path, apply_edits(IOFD_CANONICAL.read_text(), case["edits"],
                                                case["name"]))
    rc, report = iofd_check(header, "--abi", "x86_64,i386,m68k")
    assert must_rules(report) == set(case["rules"]), report["findings"]
    assert rc == case["exit"] and report["verdict"] == "fail"


@pytest.mark.parametrize("case", DIFF_CASES, ids=[c["name"] for c in DIFF_CASES])
def test_diff_classifies_exactly(case, tmp_path):
    sides = [write_header(tmp_path, apply_edits(IOFD_CANONICAL.read_text(), case[s], s), label=s)
             for s in ("old", "new")]
    proc = run_tool("diff", *sides, "--spec", IOFD_SPEC, "--format", "json")
    assert proc.returncode == case["exit"], proc.stderr
    report = json.loads(proc.stdout)
    assert {f'{c["class"]} {c["rule"]}' for c in report["changes"]} == set(case["changes"])
    assert report["verdict"] == case["verdict"]


def test_linux_6_11_record_fails_with_one_hole_named_where_it_is():
    """6.11 to 6.13: one IOFD-PORT-2 finding for the hole before addr, on the ABIs that
    have it, with i386 and m68k (36 bytes, no hole) as its consequence; one IOFD-PORT-3
    for the plain __u64; no IOFD-PORT-1 for the layouts the hole makes differ."""
    rc, report = iofd_check(OLD)
    assert rc == 1 and report["verdict"] == "fail"
    port = [f for f in report["findings"] if f["rule"].startswith("IOFD-PORT")]
    assert [(f["rule"], f["struct"], f["field"]) for f in port] == [
        ("IOFD-PORT-3", "iommu_hwpt_pgfault", "addr"), ("IOFD-PORT-2", "iommu_hwpt_pgfault", "addr")]
    hole = port[1]
    abis = set(hole["abis"])
    assert {"x86_64", "aarch64", "riscv64", "s390x", "arm-eabi"} <= abis
    assert not abis & SHORT_U64 and abis | (SHORT_U64 & measured(report)) == measured(report)
    assert hole["actual"].startswith("hole before addr: 4 bytes at offset 20 on x86_64")
    assert "__u32 __reserved" in hole["fix"] and "__aligned_u64" in hole["fix"]
    consequence, reserved = hole["consequences"]
    assert consequence.startswith("struct iommu_hwpt_pgfault: 40 bytes on x86_64")
    assert re.search(r"36 bytes on i386 .*m68k", consequence), consequence
    assert reserved.startswith("IOFD-LAY-2: iommu_hwpt_pgfault.__reserved field __reserved")
    # Two defects, two findings: what Table L-2 sees of them is under them, not beside.
    assert [f["rule"] for f in report["findings"] if f["severity"] == "MUST"] == [
        "IOFD-PORT-3", "IOFD-PORT-2"]
    assert any(c.startswith("IOFD-LAY-2: iommu_hwpt_pgfault.cookie offset")
               for c in port[0]["consequences"])


def test_linux_6_14_record_matches_the_tables():
    """6.14 mended the record; the vEVENTQ came in 6.15, and its absence is one note."""
    rc, report = iofd_check(NEW)
    assert rc == 0
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("IOFD-LAY-4", "info")]


def test_diff_6_13_to_6_14_is_unchanged_on_64_bit_abis_and_breaks_32_bit_ones():
    proc = run_tool("diff", OLD, NEW, "--spec", IOFD_SPEC, "--format", "json")
    report = json.loads(proc.stdout)
    assert (proc.returncode, report["verdict"]) == (1, "breaking")
    abis = {a["name"] for a in report["abis"] if a["status"] == "measured"}
    broken = SHORT_U64 & abis
    assert {"i386", "m68k"} <= broken
    breaking = [c for c in report["changes"] if c["class"] == "breaking"]
    assert {c["rule"] for c in breaking} == {"IOFD-GROW-1"}
    for c in breaking:
        assert set(c["abis"]) == broken, c
    moved = {c["field"] for c in breaking if c["message"] == "field moved"}
    assert moved == {"addr", "length", "cookie"}
    size = next(c for c in breaking if c["message"] == "structure changes size")
    assert (size["old"], size["new"]) == ("size 36", "size 40")
    # On the others the hole became __reserved: no byte moved.
    named = next(c for c in report["changes"] if c["field"] == "__reserved"
                 and c["class"] == "compatible")
    assert set(named["abis"]) == abis - broken and "x86_64" in named["abis"]
    text = run_tool("diff", OLD, NEW, "--spec", IOFD_SPEC, "--abi", "x86_64,aarch64").stdout
    assert "breaking" not in text and text.rstrip().endswith("verdict: compatible (2 changes)")


# A header shaped as the kernel's own iommufd.h: the profile's structures among others,
# its own guard, <linux/ioctl.h>, an anonymous command enum with an alias, aliased
# enumerators and structures the profile does not document. Written for this test.
KERNEL_LIKE = """\
/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_IOMMUFD_H
#define _UAPI_IOMMUFD_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define IOMMUFD_TYPE (';')

enum {
	IOMMUFD_CMD_BASE = 0x80,
	IOMMUFD_CMD_DESTROY = IOMMUFD_CMD_BASE,
	IOMMUFD_CMD_FAULT_QUEUE_ALLOC = 0x8e,
};

/* enum iommu_info_kind - not kernel-doc, and two names for one value */
enum iommu_info_kind {
	IOMMU_INFO_KIND_NONE = 0,
	IOMMU_INFO_KIND_DEFAULT = 0,
};

struct iommu_other {
	__u32 size;
	__u32 flags;
	__aligned_u64 data_uptr;
	union {
		__u32 in_type;
		__u32 out_type;
	};
	__u8 out_bits;
	__u8 __reserved[3];
};
%s
#define IOMMU_FAULT_QUEUE_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_FAULT_QUEUE_ALLOC)
#endif
"""


def kernel_like(tmp_path, extra=""):
    body = IOFD_CANONICAL.read_text()
    body = body[body.index("/**\n * struct iommu_fault_alloc"):body.rindex("#endif")]
    return write_header(tmp_path, KERNEL_LIKE % (body + extra), name="iommufd.h")


def test_kernel_style_iommufd_h_has_no_false_alarm(tmp_path):
    """The profile's structures are judged by every rule, the rest by portability alone:
    the undocumented enum, the aliases and <linux/ioctl.h> are not findings."""
    rc, report = iofd_check(kernel_like(tmp_path))
    assert (rc, report["verdict"], report["findings"]) == (0, "pass", [])
    assert len(measured(report)) >= 24


def test_kernel_style_iommufd_h_still_judged_for_portability(tmp_path):
    """A hole in a structure the profile does not name is still a finding (IOFD-PORT-2)."""
    extra = "\nstruct iommu_other_req {\n\t__u32 size;\n\t__u64 data;\n};\n"
    rc, report = iofd_check(kernel_like(tmp_path, extra))
    assert rc == 1
    assert {(f["rule"], f["struct"]) for f in report["findings"] if f["severity"] == "MUST"} == {
        ("IOFD-PORT-2", "iommu_other_req"), ("IOFD-PORT-3", "iommu_other_req")}


def test_kernel_style_iommufd_h_judges_the_profile_structs(tmp_path):
    """... and the profile's own structures by its tables and kernel-doc."""
    path = kernel_like(tmp_path)
    text = path.read_text().replace("\t__u32 length;\n\t__u32 cookie;\n",
                                    "\t__u32 cookie;\n\t__u32 length;\n")
    text = text.replace(" * @sequence: number of the event, counting from 0 and wrapping to 0 after"
                        " INT_MAX\n", "")
    path.write_text(text)
    rc, report = iofd_check(path, "--abi", "x86_64")
    assert rc == 1 and must_rules(report) == {"IOFD-LAY-2", "IOFD-HDR-5"}


def kernel_header(suite):
    """A kernel's own iommufd.h, from the linux-libc-dev of a Debian suite (the kernel's
    `make headers_install`), fetched once into build/; IOFD_KERNEL_HEADER overrides the
    newest. Skipped, with the reason, where the archive cannot be reached."""
    if suite == NEWEST and os.environ.get("IOFD_KERNEL_HEADER"):
        return pathlib.Path(os.environ["IOFD_KERNEL_HEADER"]), "IOFD_KERNEL_HEADER"
    proc = subprocess.run(["/usr/bin/python3", ROOT / "conformance/tools/kernel_uapi.py", suite,
                           "linux/iommufd.h", ROOT / "build/kernel-uapi"],
                          capture_output=True, text=True, timeout=600)
    if proc.returncode:
        pytest.skip(f"no kernel iommufd.h of {suite}: {proc.stderr.strip()}")
    path, version = proc.stdout.split()
    return pathlib.Path(path), version


# Debian suites whose linux-libc-dev is a kernel with the fault queue: 6.12 (before the
# vEVENTQ, with the 6.14 record backported to stable) and the newest the archive holds.
OLDEST, NEWEST = "bookworm-backports", "trixie-backports"


@pytest.mark.parametrize("spec", [(), ("--spec", IOFD_SPEC)], ids=["picked", "given"])
def test_a_kernel_trees_iommufd_h_passes(spec):
    """Pointed at the real thing: a 6.15 or later kernel's own iommufd.h passes, judged by
    this profile whether --spec names it or not."""
    path, version = kernel_header(NEWEST)
    rc, report = check_json(path, *spec)
    assert report["spec"].endswith("spec/iommufd-fault.md"), version
    assert (rc, report["findings"]) == (0, []), version


def test_a_kernel_iommufd_h_before_the_veventq_gets_one_note():
    """A 6.12 header has no vEVENTQ: one note for the part, not a finding per name."""
    path, version = kernel_header(OLDEST)
    rc, report = check_json(path)
    assert rc == 0, version
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("IOFD-LAY-4", "info")]
    assert "vEVENTQ" in report["findings"][0]["message"]


def test_a_header_with_part_of_the_veventq_is_judged_by_all_of_it(tmp_path):
    """Declaring some of a part is not predating it: what is missing is a finding."""
    text = IOFD_CANONICAL.read_text()
    start = text.index("/**\n * struct iommufd_vevent_header")
    end = text.index("};\n", start) + 3
    rc, report = iofd_check(write_header(tmp_path, text[:start] + text[end:]), "--abi", "x86_64")
    assert rc == 1 and must_rules(report) == {"IOFD-LAY-4"}


def test_a_part_naming_no_table_is_a_spec_error(tmp_path):
    spec = tmp_path / "spec.md"
    row = "| part | the vEVENTQ (Linux 6.15): L-4 L-5 C-4 C-5 |"
    assert IOFD_SPEC.read_text().count(row) == 1
    spec.write_text(IOFD_SPEC.read_text().replace(row, row.replace("C-5", "C-9")))
    line = IOFD_SPEC.read_text().splitlines().index(row) + 1
    proc = run_tool("check", "--spec", spec, IOFD_CANONICAL)
    assert proc.returncode == 2 and f"{spec}:{line}: part names a table the spec does not have" in proc.stderr


def test_spec_edit_changes_what_the_checker_expects(tmp_path):
    """The spec is the source of truth for this profile too."""
    row = "| addr | __aligned_u64 | 24 | 8 | 1 | - |"
    text = IOFD_SPEC.read_text()
    assert text.count(row) == 1
    spec = tmp_path / "spec.md"
    spec.write_text(text.replace(row, row.replace("| 24 |", "| 32 |")))
    rc, report = check_json(IOFD_CANONICAL, "--spec", spec, "--abi", "x86_64")
    assert rc == 1 and must_rules(report) == {"IOFD-LAY-2"}
    f = next(f for f in report["findings"] if f["field"] == "addr")
    assert (f["expected"], f["actual"]) == ("offset 32", "offset 24")


def spec_rules():
    out = run_tool("rules", "--spec", IOFD_SPEC, check_rc=0).stdout
    return dict(line.split("\t") for line in out.splitlines())


def test_conformance_chapter_lists_every_rule():
    text = IOFD_SPEC.read_text()
    chapter = text[re.search(r"^## \d+\. Conformance", text, re.M).start():
                   re.search(r"^## \d+\. The rules of the first spec", text, re.M).start()]
    listed = set(re.findall(r"IOFD-[A-Z]+-\d+", chapter))
    assert listed == {r for r, p in spec_rules().items() if p != "retired"}


def expand(cell):
    """Rule IDs of a cell, with "A-1 to A-4" ranges spelled out."""
    ids = set(re.findall(r"[A-Z]+-[A-Z]+-\d+", cell))
    for a, fam, lo, hi in re.findall(r"(([A-Z]+-[A-Z]+)-(\d+)) to \2-(\d+)", cell):
        ids |= {f"{fam}-{n}" for n in range(int(lo), int(hi) + 1)}
    return ids


def test_every_rule_of_the_first_spec_is_accounted_for():
    """Section 11 says, for each rule in force of spec/iommu-fault-abi.md, what becomes of it."""
    text = IOFD_SPEC.read_text()
    section = text[re.search(r"^## 11\.", text, re.M).start():text.index("## Appendix A")]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ")]
    first = set().union(*(expand(r[0]) for r in rows))
    ours = set().union(*(expand(r[1]) for r in rows))
    first_rules = {rule for rule, party in (line.split("\t") for line in
                   run_tool("rules", check_rc=0).stdout.splitlines()) if party != "retired"}
    assert first_rules <= first, sorted(first_rules - first)
    assert not first - first_rules - {"IFA-HDR-5"}, "a retired or unknown rule in section 11"
    assert ours - {"IFA-HDR-5"} <= set(spec_rules()) | first_rules
    assert set(spec_rules()) <= ours | set(re.findall(r"IOFD-[A-Z]+-\d+", section))


def test_every_normative_sentence_is_a_rule():
    keywords = re.compile(r"\b(MUST|SHOULD|SHALL|REQUIRED|RECOMMENDED|MAY|OPTIONAL)\b")
    in_rule, outside = False, []
    for number, line in enumerate(IOFD_SPEC.read_text().split("\n"), 1):
        if re.match(r"- \*\*[A-Z]+-[A-Z]+-\d+\*\* \(", line):
            in_rule = True
        elif not line.startswith("  "):
            in_rule = False
        if keywords.search(line) and not in_rule and "interpreted" not in line \
                and "NOT RECOMMENDED, MAY" not in line and "key words" not in line:
            outside.append(f"{number}: {line}")
    assert not outside, outside


def test_history_commits_are_named():
    appendix = IOFD_SPEC.read_text().split("## Appendix B")[1]
    for commit in ("c714f15860fc", "07838f7fd529", "e721f619e3ec", "e36ba5ab808e"):
        assert commit in appendix
