# SPDX-License-Identifier: GPL-2.0
"""Page groups (spec section 9): the reference passes every script, each wrong build is caught."""
import re
import subprocess

import pytest

from conftest import ROOT

BUILD = ROOT / "build"
FIXTURES = ROOT / "fixtures/groups.txt"
SECTIONS = re.findall(r"^\[([^\]]+)\]", FIXTURES.read_text(), re.M)


def run(binary, fixtures=FIXTURES):
    return subprocess.run([str(binary), str(fixtures)], capture_output=True, text=True, timeout=60)


def failures(proc):
    """{section: rule} of every script that failed."""
    return dict(re.findall(r"^not ok (\S+) (IFA-[A-Z]+-\d+):", proc.stdout, re.M))


def test_reference_passes_every_group_script():
    proc = run(BUILD / "groups-fixtures")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.split() == [w for s in SECTIONS for w in ("ok", s)]


@pytest.mark.parametrize("defect,section,rule", [
    (1, "response-before-last-page-refused", "IFA-GRP-3"),   # answers an open group
    (2, "second-response-refused", "IFA-GRP-3"),             # takes a second response
    (3, "needs-pasid-matched-by-pasid", "IFA-GRP-5"),        # ignores NEEDS_PASID when matching
    (4, "dropped-request-ends-its-group", "IFA-GRP-6"),      # reports a dropped group on
    (5, "close-answers-waiting-groups", "IFA-GRP-7"),        # leaves groups open on close
    (6, "failure-refused", "IFA-GRP-8"),                      # takes FAILURE to the device
    (7, "answer-without-pasid-when-not-needed", "IFA-GRP-4"),  # PASID in every response
    (8, "pasid-is-part-of-the-identity", "IFA-GRP-1"),       # groups by grpid alone
    (9, "answer-on-last-page-only", "IFA-GRP-2"),            # answers every request
    (10, "must-understand-bit-answered-invalid", "IFA-GROW-16"),  # ignores a must-understand bit
    (11, "broken-queue-refuses-every-response", "IFA-QUE-12"),  # answers through a broken queue
])
def test_wrong_group_implementation_is_caught(defect, section, rule):
    proc = run(BUILD / f"wrong-groups-{defect}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert failures(proc).get(section) == rule, proc.stdout


def test_unreadable_script_is_an_input_error(tmp_path):
    bad = tmp_path / "groups.txt"
    bad.write_text("[x]\nrule IFA-GRP-3\nrequest three - - queued\nrespond\n")
    proc = run(BUILD / "groups-fixtures", bad)
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "line 3: cannot read request three" in proc.stderr


def test_unknown_step_is_an_input_error(tmp_path):
    bad = tmp_path / "groups.txt"
    bad.write_text("[x]\nrule IFA-GRP-3\nrespnd 3 - SUCCESS 0\n")
    proc = run(BUILD / "groups-fixtures", bad)
    assert proc.returncode == 2 and "unknown step respnd" in proc.stderr
