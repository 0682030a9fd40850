# SPDX-License-Identifier: GPL-2.0
"""The iommufd kernel model (spec/iommufd-fault.md sections 6 to 8): the reference passes
every script of the fault descriptor and the vEVENTQ, each wrong build is caught."""
import re
import subprocess

import pytest

from conftest import ROOT

BUILD = ROOT / "build"
FD = ROOT / "fixtures/iommufd-fd.txt"
EVQ = ROOT / "fixtures/iommufd-eventq.txt"
SECTIONS = [s for f in (FD, EVQ) for s in re.findall(r"^\[([^\]]+)\]", f.read_text(), re.M)]


def run(binary, *fixtures):
    files = [str(f) for f in fixtures or (FD, EVQ)]
    return subprocess.run([str(binary), *files], capture_output=True, text=True, timeout=60)


def failures(proc):
    """{section: rule} of every script that failed."""
    return dict(re.findall(r"^not ok (\S+) (IOFD-[A-Z]+-\d+):", proc.stdout, re.M))


def test_section_names_are_unique():
    assert len(SECTIONS) == len(set(SECTIONS))


def test_reference_passes_every_script():
    proc = run(BUILD / "iofd-fixtures")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [f"ok {s}" for s in SECTIONS]
    assert proc.stderr == ""


def test_every_kernel_rule_has_a_script():
    rules = set()
    for f in (FD, EVQ):
        rules |= set(re.findall(r"^rule\s+(IOFD-[A-Z]+-\d+)", f.read_text(), re.M))
    assert rules == {*(f"IOFD-FD-{n}" for n in range(1, 6)), *(f"IOFD-RSP-{n}" for n in range(1, 5)),
                     *(f"IOFD-EVQ-{n}" for n in range(1, 4))}


@pytest.mark.parametrize("defect,section,rule", [
    (1, "read-at-non-zero-position-is-espipe", "IOFD-FD-1"),             # reads at any position
    (2, "group-larger-than-the-count-stays-queued", "IOFD-FD-2"),        # splits a group
    (2, "read-stops-before-the-first-group-that-does-not-fit", "IOFD-FD-2"),
    (3, "copy-fault-leaves-the-group-queued-and-unnamed", "IOFD-FD-2"),  # counts a cut group
    (3, "copy-fault-returns-the-groups-before-it", "IOFD-FD-2"),
    (4, "answered-cookie-comes-back-a-live-one-never", "IOFD-FD-3"),     # reuses a live cookie
    (5, "cookies-are-non-zero-and-distinct", "IOFD-FD-3"),               # cookie 0
    (6, "record-carries-no-bit-the-tables-do-not-define", "IOFD-FD-4"),  # driver's bits in the record
    (7, "reserved-and-length-are-zero-whatever-the-buffer-held", "IOFD-FD-4"),  # dirty __reserved
    (8, "destroy-answers-queued-and-awaiting-groups-invalid", "IOFD-FD-5"),  # forgets awaiting groups
    (9, "detach-answers-the-groups-of-that-device-only", "IOFD-FD-5"),   # answers every device's
    (10, "write-count-not-a-multiple-of-8-is-espipe", "IOFD-RSP-1"),     # takes a cut write
    (11, "unknown-code-refused", "IOFD-RSP-2"),                          # unknown code to the device
    (12, "unknown-or-answered-cookie-refused", "IOFD-RSP-3"),            # answered cookie taken again
    (13, "batch-stops-at-the-first-refusal", "IOFD-RSP-4"),              # goes on after a refusal
    (13, "batch-refused-at-its-first-response-takes-nothing", "IOFD-RSP-4"),
    (14, "batch-stops-at-the-first-refusal", "IOFD-RSP-4"),              # error despite bytes taken
    (15, "sequence-wraps-to-0-after-int-max", "IOFD-EVQ-1"),             # bit 31 set
    (16, "lost-record-uses-up-a-sequence-number", "IOFD-EVQ-1"),         # a drop takes no number
    (17, "later-drop-renumbers-the-one-lost-events-record", "IOFD-EVQ-2"),  # two lost records
    (18, "later-event-takes-the-place-of-the-lost-events-record", "IOFD-EVQ-2"),  # lost not last
    (19, "read-delivers-whole-events-only", "IOFD-EVQ-3"),               # cuts an event
    (20, "read-delivers-whole-events-only", "IOFD-EVQ-3"),               # 4-byte header in the fit
    (20, "lost-events-record-fits-in-8-bytes", "IOFD-EVQ-3"),
    (21, "copy-fault-in-a-payload-delivers-nothing-of-its-event", "IOFD-EVQ-3"),  # header returned
])
def test_wrong_kernel_is_caught(defect, section, rule):
    proc = run(BUILD / f"wrong-iofd-{defect}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert failures(proc).get(section) == rule, proc.stdout
    assert "AddressSanitizer" not in proc.stderr and "runtime error" not in proc.stderr


def test_each_defect_breaks_a_script_of_its_own_rule():
    """The list at the head of iofd_model.c names the rule each defect breaks."""
    head = (ROOT / "conformance/ref/iofd_model.c").read_text().split("*/")[1]
    listed = dict(re.findall(r"^ \*\s+(\d+) .*?\((IOFD-[A-Z]+-\d+)\)", head, re.M | re.S))
    assert sorted(map(int, listed)) == list(range(1, 22))
    for defect, rule in listed.items():
        proc = run(BUILD / f"wrong-iofd-{defect}")
        assert rule in failures(proc).values(), (defect, proc.stdout)


def malformed(tmp_path, text, name="iommufd-fd.txt"):
    bad = tmp_path / name
    bad.write_text(text)
    proc = run(BUILD / "iofd-fixtures", bad)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "AddressSanitizer" not in proc.stderr and "runtime error" not in proc.stderr
    return bad, proc


@pytest.mark.parametrize("text,line,what", [
    ("[x]\nrule IOFD-FD-1\nrequest one 3 - last read 0x1000\n", 3, "cannot read: request"),
    ("[x]\nrule IOFD-FD-1\nread 0 40 40\n", 3, "cannot read: read"),
    ("[x]\nrule IOFD-FD-1\nread 0 99999 => 0\n", 3, "cannot read: read"),
    ("[x]\nrule IOFD-FD-1\n\nrequest 1 3 - last read 0x1000\nread 0 40 => 40\nrecord cookie=1 colour=red\n",
     6, "cannot read: record field colour"),
    ("[x]\nrule IOFD-RSP-1\nwrite 0 1:MAYBE => 8\n", 3, "cannot read: write"),
    ("[x]\nrule IOFD-RSP-1\nwrite 0 1:SUCCESS\n", 3, "cannot read: write"),
    ("[x]\nrule IOFD-FD-5\ndevice 1 2\n", 3, "cannot read: device"),
    ("[x]\nrule IOFD-FD-5\nrespnd 0 1:SUCCESS => 8\n", 3, "unknown step respnd"),
    ("[x]\nrule IOFD-EVQ-1\ndepth 0\n", 3, "depth 0"),
    ("[x]\nrule IOFD-EVQ-1\ndepth 2\nevent 1 2 3 4 5 => queued\n", 4, "cannot read: event"),
    ("[x]\nrule IOFD-EVQ-1\ndepth 2\nevent 1 => kept\n", 4, "cannot read: event"),
    ("[x]\nrule IOFD-EVQ-1\ndepth 2\nevent 1 => queued\nread 0 40 => 40\ngot 0\n", 6, "cannot read: got"),
    ("[x]\nrule IOFD-EVQ-1\nstart -1\n", 3, "cannot read: start"),
    ("[x]\nrule IOFD-FD-1\nrequest 1 3 - last read 0x1000 " + "x" * 600 + "\n", 3, "line too long"),
    ("[x]\nrequest 1 3 - last read 0x1000\n", 1, "has no rule"),
    ("request 1 3 - last read 0x1000\n", 1, "before the first [section]"),
])
def test_malformed_script_names_its_file_and_line(tmp_path, text, line, what):
    bad, proc = malformed(tmp_path, text)
    assert f"{bad}:{line}:" in proc.stderr, proc.stderr
    assert what in proc.stderr, proc.stderr


def test_missing_file_is_an_input_error(tmp_path):
    proc = run(BUILD / "iofd-fixtures", tmp_path / "none.txt")
    assert proc.returncode == 2 and "none.txt" in proc.stderr


def test_a_failing_script_says_what_and_goes_on(tmp_path):
    bad = tmp_path / "iommufd-fd.txt"
    bad.write_text("[a]\nrule IOFD-FD-2\nrequest 1 3 - last read 0x1000\nread 0 40 => 0\n"
                   "[b]\nrule IOFD-FD-2\nread 0 40 => 0\n"
                   "[c]\nrule IOFD-FD-3\nrequest 1 3 - last read 0x1000\nread 0 40 => 40\n")
    proc = run(BUILD / "iofd-fixtures", bad)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == [
        "not ok a IOFD-FD-2: read 0 40: got 40, expected 0",
        "ok b",
        "not ok c IOFD-FD-3: the read returned 40 bytes the script does not expect",
    ]
