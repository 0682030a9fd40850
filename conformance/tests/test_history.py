# SPDX-License-Identifier: GPL-2.0
"""The suite on what Linux shipped (spec Appendix D), and the spec's own history."""
import json
import re

from conftest import ROOT, SPEC, run_tool

HISTORY = ROOT / "conformance/history"


def diff(*args):
    proc = run_tool("diff", HISTORY / "linux-5.3/iommu.h", HISTORY / "linux-5.10/iommu.h",
                    "--format", "json", *args)
    return proc.returncode, json.loads(proc.stdout)


def test_argsz_inserted_in_5_10_breaks_every_field_on_every_abi():
    rc, report = diff()
    assert (rc, report["verdict"]) == (1, "breaking")
    measured = [a["name"] for a in report["abis"] if a["status"] == "measured"]
    assert len(measured) >= 24
    moved = {c["field"]: c for c in report["changes"] if c["message"] == "field moved"}
    assert set(moved) == {"version", "flags", "pasid", "grpid", "code"}
    for change in moved.values():
        assert change["rule"] == "UAPI-CHG-1" and change["class"] == "breaking"
        assert set(change["abis"]) == set(measured), change
    assert moved["version"]["old"] == "__u32 version at 0, 4 bytes"
    assert moved["version"]["new"] == "__u32 version at 4, 4 bytes"
    # Judged by this ABI's spec, the rule that forbids it is IFA-GROW-4.
    rc, report = diff("--spec", str(SPEC))
    assert rc == 1 and {c["rule"] for c in report["changes"]} == {"IFA-GROW-4"}


def test_every_rule_id_changes_ever_named_is_still_defined():
    """IDs are never reused: a dropped rule stays in the spec, retired."""
    named = set(re.findall(r"\bIFA-[A-Z]+-\d+\b", (ROOT / "CHANGES").read_text()))
    defined = dict(line.split("\t") for line in
                   run_tool("rules", check_rc=0).stdout.splitlines())
    assert named and not named - set(defined), sorted(named - set(defined))


def test_a_retired_rule_keeps_its_id(tmp_path):
    """The parser takes the party `retired`, and refuses an ID defined twice."""
    text = SPEC.read_text()
    retired = text.replace("- **IFA-GROW-10** (header):", "- **IFA-GROW-10** (retired):", 1)
    path = tmp_path / "spec.md"
    path.write_text(retired)
    rules = dict(line.split("\t") for line in
                 run_tool("rules", "--spec", path, check_rc=0).stdout.splitlines())
    assert rules["IFA-GROW-10"] == "retired"
    path.write_text(text + "\n- **IFA-GROW-10** (header): reused.\n")
    proc = run_tool("rules", "--spec", path)
    assert proc.returncode == 2 and "rule ID defined twice" in proc.stderr


def test_every_normative_sentence_is_a_rule():
    """BCP 14 keywords in capitals appear only in rules (and where the spec defines them)."""
    keywords = re.compile(r"\b(MUST|SHOULD|SHALL|REQUIRED|RECOMMENDED|MAY|OPTIONAL)\b")
    for spec in (SPEC, ROOT / "spec/uapi-portability.md"):
        lines = spec.read_text().split("\n")
        in_rule, outside = False, []
        for number, line in enumerate(lines, 1):
            if re.match(r"- \*\*[A-Z]+-[A-Z]+-\d+\*\* \(", line):
                in_rule = True
            elif not line.startswith("  "):
                in_rule = False
            if keywords.search(line) and not in_rule and "interpreted" not in line \
                    and "NOT RECOMMENDED, MAY" not in line and "key words" not in line:
                outside.append(f"{spec.name}:{number}: {line}")
        assert not outside, outside
