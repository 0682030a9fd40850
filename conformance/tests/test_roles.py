# SPDX-License-Identifier: GPL-2.0
"""The role protocol (spec/role-protocol.md): the reference plays every role and passes,
each wrong build fails exactly its rule, a role not played is skipped, never passed."""
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, run_harness, run_tool

BUILD = ROOT / "build"
FIXTURES = ROOT / "fixtures"
ROLE_FILES = {
    "record-reader": "records.txt",
    "response-validator": "responses.txt",
    "negotiation": "negotiation.txt",
    "queue-consumer": "queue-images.txt",
    "response-writer": "group-responses.txt",
    "iommufd-record-reader": "iommufd-records.txt",
    "iommufd-fd-reader": "iommufd-reader.txt",
    "iommufd-response-writer": "iommufd-responses.txt",
    "vevent-reader": "iommufd-vevents.txt",
}
SECTIONS = {role: len(re.findall(r"^\[", (FIXTURES / f).read_text(), re.M))
            for role, f in ROLE_FILES.items()}
TOTAL = sum(SECTIONS.values())
PYTHON_GLUE = ROOT / "conformance/roles/example/roles.py"
PYTHON_ROLES = {"record-reader", "iommufd-record-reader", "iommufd-fd-reader",
                "iommufd-response-writer"}
NOT_OK = re.compile(r"^not ok \d+ - (\S+) (\S+) \((\S+)\): ", re.M)


def check_roles(*command, **options):
    return run_harness("check-roles", *command, **options)


def summary(proc):
    m = re.search(r"^check-roles: (\d+) passed, (\d+) failed, (\d+) skipped$", proc.stdout, re.M)
    assert m, proc.stdout + proc.stderr
    return tuple(map(int, m.groups()))


def failures(proc):
    """{(role, rule)} of every `not ok` line."""
    return {(role, rule) for role, _, rule in NOT_OK.findall(proc.stdout)}


def skipped_roles(proc):
    return set(re.findall(r"^# (\S+): skipped: the implementation does not play this role$",
                          proc.stdout, re.M))


def test_reference_plays_every_role_and_passes():
    proc = check_roles(BUILD / "ref-roles")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert summary(proc) == (TOTAL, 0, 0)
    for role, n in SECTIONS.items():
        assert f"# {role}: {n} passed, 0 failed, 0 skipped" in proc.stdout
    # One line per fixture, naming its role, fixture and rule.
    assert len(re.findall(r"^ok \d+ - \S+ \S+ \([A-Z]+-[A-Z]+-\d+\)$", proc.stdout, re.M)) == TOTAL


@pytest.mark.parametrize("defect,role,rule", [
    (1, "response-validator", "IFA-RSP-6"),        # takes a pasid without PASID_VALID
    (2, "response-validator", "IFA-RSP-11"),       # checks the version before the tail
    (3, "negotiation", "IFA-NEG-2"),               # chooses a version of unknown size
    (4, "queue-consumer", "IFA-QUE-2"),            # indices modulo N
    (5, "queue-consumer", "IFA-QUE-5"),            # lost counter taken without wrapping
    (6, "response-writer", "IFA-GRP-4"),           # PASID whenever PASID_VALID
    (7, "response-writer", "IFA-GROW-16"),         # ignores must-understand bits
    (8, "response-writer", "IFA-GRP-2"),           # a response per request
    (20, "response-writer", "IFA-GRP-9"),          # forgets a must bit across a loss
    (21, "response-writer", "IFA-RSP-10"),         # a pasid without PASID_VALID
    (9, "iommufd-record-reader", "IOFD-FD-8"),     # a non-zero pasid read without PASID_VALID
    (10, "iommufd-record-reader", "IOFD-FD-8"),    # rejects a non-zero __reserved
    (11, "iommufd-fd-reader", "IOFD-FD-6"),        # reads one record at a time
    (12, "iommufd-fd-reader", "IOFD-FD-7"),        # takes 0 as the end
    (19, "iommufd-fd-reader", "IOFD-FD-7"),        # takes EINVAL as the end
    (13, "iommufd-response-writer", "IOFD-FD-9"),  # answers every record
    (14, "iommufd-response-writer", "IOFD-RSP-5"), # answers with Response Failure
    (15, "vevent-reader", "IOFD-EVQ-4"),           # gaps modulo 2^32
    (16, "vevent-reader", "IOFD-EVQ-5"),           # sizes events by read()'s count
    (18, "vevent-reader", "IOFD-EVQ-5"),           # an SMMUv3 payload on a Tegra241 queue
])
def test_wrong_role_player_fails_exactly_its_rule(defect, role, rule):
    proc = check_roles(BUILD / f"wrong-roles-{defect}")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    # The harness names each fixture's rule. A writer that answers every request
    # also breaks the fixtures of groups of several requests, and one that ignores
    # must-understand bits the fixture of a bit kept across a loss (IFA-GRP-9).
    also = {8: {("response-writer", "IFA-GROW-16"), ("response-writer", "IFA-GRP-9")},
            7: {("response-writer", "IFA-GRP-9")}}.get(defect, set())
    assert failures(proc) - also == {(role, rule)}, proc.stdout
    passed, failed, skipped = summary(proc)
    assert failed >= 1 and skipped == 0 and passed + failed == TOTAL


def test_wrong_record_reader_fails_its_rule_and_skips_the_rest():
    """The decoder protocol's wrong decoders play one role: the others are skipped, not passed."""
    proc = check_roles(BUILD / "wrong-decoder-5")
    assert proc.returncode == 1, proc.stdout
    assert failures(proc) == {("record-reader", "IFA-GROW-7")}
    assert skipped_roles(proc) == set(ROLE_FILES) - {"record-reader"}


def test_unsupported_roles_are_skipped_never_passed():
    """ROLE-EX-2: a role answered `unsupported` is skipped, never passed."""
    proc = check_roles(BUILD / "ref-decoder")
    assert proc.returncode == 0, proc.stdout
    skipped = TOTAL - SECTIONS["record-reader"]
    assert summary(proc) == (SECTIONS["record-reader"], 0, skipped)
    assert skipped_roles(proc) == set(ROLE_FILES) - {"record-reader"}
    assert len(re.findall(r"^skip \d+ - \S+ \S+ \(\S+\): unsupported$", proc.stdout, re.M)) == skipped
    assert not re.search(r"^ok \d+ - (?!record-reader )", proc.stdout, re.M)


def test_an_implementation_of_no_role_is_all_skipped(tmp_path):
    """ROLE-EX-2."""
    impl = tmp_path / "none.sh"
    impl.write_text("while read -r line; do echo unsupported; echo end; done\n")
    proc = check_roles("/bin/sh", impl)
    assert proc.returncode == 0 and summary(proc) == (0, 0, TOTAL), proc.stdout
    assert skipped_roles(proc) == set(ROLE_FILES)


def test_python_glue_passes_its_roles_and_skips_the_others():
    proc = check_roles("/usr/bin/python3", PYTHON_GLUE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    played = sum(SECTIONS[r] for r in PYTHON_ROLES)
    assert summary(proc) == (played, 0, TOTAL - played)
    assert skipped_roles(proc) == set(ROLE_FILES) - PYTHON_ROLES


def test_python_glue_reads_big_endian_fixtures_as_a_big_endian_host():
    proc = check_roles("/usr/bin/python3", PYTHON_GLUE, "--byte-order", "big", byte_order="big")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    wrong = check_roles("/usr/bin/python3", PYTHON_GLUE, byte_order="big")
    assert wrong.returncode == 1
    assert {role for role, _ in failures(wrong)} <= PYTHON_ROLES


def test_make_check_roles_runs_an_outside_command():
    ok = subprocess.run(["make", "-s", "check-roles", f"IMPL=/usr/bin/python3 {PYTHON_GLUE}"],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "# vevent-reader: skipped: the implementation does not play this role" in ok.stdout
    bad = subprocess.run(["make", "-s", "check-roles", f"IMPL={BUILD}/wrong-roles-3"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "not ok" in bad.stdout and "(IFA-NEG-2): " in bad.stdout


@pytest.mark.parametrize("binary,rules", [
    ("ref-roles", set()),
    ("wrong-roles-17", {("vevent-reader", "IOFD-PORT-6")}),  # the payload read in host order
])
def test_big_endian_host_reads_the_little_endian_payload(binary, rules):
    """IOFD-PORT-6 shows on a big-endian host only: s390x under qemu, fed big-endian fixtures."""
    path = BUILD / "cross/s390x-linux-gnu" / binary
    if not path.exists() or not shutil.which("qemu-s390x"):
        pytest.skip(f"{path} or qemu-s390x not installed (make check builds and installs both)")
    proc = check_roles("qemu-s390x", path, byte_order="big")
    assert failures(proc) == rules, proc.stdout
    assert proc.returncode == (1 if rules else 0)
    assert summary(proc)[2] == 0


def test_wrong_payload_order_passes_on_a_little_endian_host():
    """...and nowhere else: which is why the cross build above is the judge of IOFD-PORT-6."""
    if sys.byteorder != "little":
        pytest.skip("a big-endian host: the cross build's test above is this one")
    proc = check_roles(BUILD / "wrong-roles-17", byte_order="little")
    assert proc.returncode == 0, proc.stdout


def test_hanging_implementation_is_killed_and_named():
    """ROLE-EX-4: a hang is a failure of every request, named."""
    proc = check_roles("sleep", "30", timeout=1)
    assert proc.returncode == 1
    assert "# record-reader: the implementation was killed after 1 s" in proc.stdout
    assert summary(proc) == (0, TOTAL, 0)


def test_crashing_implementation_fails_every_request(tmp_path):
    """ROLE-EX-4: an implementation that dies is a failure, named with its signal."""
    impl = tmp_path / "crash.sh"
    impl.write_text("read -r line; kill -SEGV $$\n")
    proc = check_roles("/bin/sh", impl)
    assert proc.returncode == 1, proc.stderr
    assert "the implementation died of signal 11" in proc.stdout
    assert re.search(r"^not ok 1 - record-reader prm-pasid-last-page \(IFA-GROW-6\): no answer",
                     proc.stdout, re.M)
    assert summary(proc) == (0, TOTAL, 0)


@pytest.mark.parametrize("impl", [
    "head -c 200000 /dev/urandom",                         # binary garbage, no line ends
    "yes 'end'",                                           # endless empty answers
    "printf 'unsupported\\nextra\\nend\\n'",                # a skip that is no skip
    "while read -r l; do printf '%s\\n' \"$l\"; echo end; done",  # echoes the request
])
def test_garbage_is_a_failure_never_a_harness_crash(impl):
    """ROLE-EX-1 and ROLE-EX-3 broken (no `end`, extra lines, garbage): ROLE-EX-4 holds."""
    proc = check_roles(impl, timeout=5)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr
    assert "Sanitizer" not in proc.stderr and "runtime error" not in proc.stderr
    passed, failed, skipped = summary(proc)
    assert failed > 0 and passed < TOTAL / 10, proc.stdout   # an empty answer may be right
    for line in proc.stdout.splitlines():
        assert line.isprintable(), line[:200]


def copy_fixtures(tmp_path):
    dst = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, dst)
    return dst


def test_stale_role_binary_is_refused(tmp_path):
    fx = copy_fixtures(tmp_path)
    path = fx / "iommufd-vevents.txt"
    path.write_text(path.read_text().replace("sequence  9\n", "sequence  8\n", 1))
    proc = check_roles(BUILD / "ref-roles", fixtures=fx)
    assert proc.returncode == 2
    assert "iommufd-vevents/gap.bin: missing or stale (run make regen)" in proc.stderr
    check = run_tool("fixtures", "--check", "--fixtures", fx)
    assert check.returncode == 1 and "iommufd-vevents/gap.bin" in check.stderr
    assert run_tool("fixtures", "--fixtures", fx).returncode == 0
    assert run_tool("fixtures", "--check", "--fixtures", fx).returncode == 0


def test_orphan_role_binary_is_stale(tmp_path):
    fx = copy_fixtures(tmp_path)
    (fx / "generated/queue-images-be/gone.bin").write_bytes(b"\0")
    check = run_tool("fixtures", "--check", "--fixtures", fx)
    assert check.returncode == 1 and "queue-images-be/gone.bin has no fixture" in check.stderr


@pytest.mark.parametrize("file,old,new,message", [
    ("iommufd-records.txt", "dev_id    1\n", "dev_idd   1\n",
     r"iommufd-records.txt:\d+: 'dev_idd' is no field of struct iommu_hwpt_pgfault"),
    ("iommufd-vevents.txt", "evt[0]    0x1122334444332211\nevent",
     "evt[4]    0x1122334444332211\nevent",
     r"iommufd-vevents.txt:\d+: 'evt\[4\]' is no field of struct iommufd_vevent_header"),
    ("iommufd-reader.txt", "reads     3\n", "reads     4\n",
     r"iommufd-reader.txt:\d+: \[room-for-a-group-of-three\]: `reads` lists more units of 3"),
    ("queue-images.txt", "slot      1\n", "slot      4\n",
     r"queue-images.txt:\d+: slot 4 is not below the capacity 4"),
    ("iommufd-vevents.txt", "flags     0x1\nsequence  14\n",
     "flags     0x1\nsequence  14\nevt[0]    1\n",
     r"iommufd-vevents.txt:\d+: evt\[0\]: a lost-events record has no payload"),
])
def test_bad_role_fixture_is_named_with_its_line(tmp_path, file, old, new, message):
    fx = copy_fixtures(tmp_path)
    path = fx / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    for proc in (run_tool("fixtures", "--check", "--fixtures", fx),
                 check_roles(BUILD / "ref-roles", fixtures=fx)):
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert re.search(message, proc.stderr), proc.stderr


def test_check_decoder_is_unchanged_by_the_new_roles():
    proc = run_tool("check-decoder", BUILD / "ref-roles")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines()[-1] == \
        f"check-decoder: {SECTIONS['record-reader']} passed, 0 failed"


@pytest.mark.parametrize("args,says", [
    ([], "check-roles takes COMMAND..."),
    (["--byte-order", "middle", "true"], "--byte-order takes little or big"),
    (["--timeout", "0", "true"], "--timeout takes a number of seconds"),
])
def test_usage_errors_exit_2(args, says):
    proc = run_tool("check-roles", *args)
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr


def test_help_names_the_protocol():
    out = run_tool("check-roles", "--help", check_rc=0).stdout
    assert out.startswith("usage: iommu-fault-abi check-roles ") and "role-protocol.md" in out


def test_a_role_played_may_not_skip_its_hard_requests(tmp_path):
    """ROLE-EX-2: `unsupported` is for a role not played; a reader that plays the fault-fd
    role but answers `unsupported` to the reads with a 0 return fails, naming the rule."""
    impl = tmp_path / "cherry.py"
    impl.write_text(f"""import subprocess, sys
ref = subprocess.Popen([{str(BUILD / "ref-roles")!r}], stdin=subprocess.PIPE,
                       stdout=subprocess.PIPE, text=True)
for line in sys.stdin:
    if line.startswith("iofd-read ") and " - " in line:
        print("unsupported\\nend", flush=True)
        continue
    ref.stdin.write(line)
    ref.stdin.flush()
    while True:
        answer = ref.stdout.readline()
        print(answer, end="", flush=True)
        if answer in ("end\\n", ""):
            break
""")
    proc = check_roles("/usr/bin/python3", impl)
    assert proc.returncode == 1, proc.stdout
    bad = re.findall(r"^not ok \d+ - iommufd-fd-reader (\S+) \(ROLE-EX-2\): answered unsupported",
                     proc.stdout, re.M)
    assert bad and summary(proc)[1] == len(bad), proc.stdout


def test_spec_of_another_profile_is_a_usage_error():
    """--spec lays out the first spec's fixtures: naming the iommufd spec is the user's mistake, not the fixtures'."""
    proc = run_tool("check-roles", "--spec", ROOT / "spec/iommufd-fault.md", BUILD / "ref-roles")
    assert proc.returncode == 2 and "--spec names spec/iommu-fault-abi.md" in proc.stderr
    assert "is no field" not in proc.stderr
