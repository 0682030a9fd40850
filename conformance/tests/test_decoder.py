# SPDX-License-Identifier: GPL-2.0
"""The decoder protocol: the reference decoder passes, each wrong one is caught."""
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, SPEC, run_harness, run_tool

BUILD = ROOT / "build"
SECTIONS = len(re.findall(r"^\[", (ROOT / "fixtures/records.txt").read_text(), re.M))


def check_decoder(*command, **options):
    return run_harness("check-decoder", *command, **options)


def test_reference_decoder_passes_every_fixture():
    proc = check_decoder(BUILD / "ref-decoder")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines()[-1] == f"check-decoder: {SECTIONS} passed, 0 failed"


@pytest.mark.parametrize("defect,fixture,rule", [
    (1, "prm-no-pasid-not-last", "IFA-GROW-6"),     # reads a gated field without its bit
    (2, "prm-unknown-flag-bits", "IFA-GROW-6"),     # rejects unknown flag bits
    (2, "gpasid-set-read-by-v1", "IFA-GROW-6"),
    (3, "stride-is-the-record-size", "IFA-NEG-2"),  # assumes a 64-byte stride
    (4, "stride-is-the-record-size", "IFA-NEG-2"),  # assumes a 48-byte stride
    (5, "unknown-type-skipped", "IFA-GROW-7"),      # stops at an unknown type
    (6, "group-of-three-pages", "IFA-GROW-6"),      # ignores LAST_PAGE
    (7, "reserved-bytes-not-zero", "IFA-GROW-8"),   # rejects non-zero reserved bytes
])
def test_wrong_decoder_is_caught(defect, fixture, rule):
    proc = check_decoder(BUILD / f"wrong-decoder-{defect}")
    assert proc.returncode == 1, proc.stdout
    assert f"FAIL {fixture} ({rule}):" in proc.stdout
    assert re.search(r"^check-decoder: \d+ passed, [1-9]\d* failed$", proc.stdout, re.M)


def spec_python_decoder(tmp_path):
    """The 30-line Python decoder of the spec's Appendix B, as the spec prints it."""
    text = SPEC.read_text()
    block = text[text.index("In 30 lines of Python:"):text.index("(`struct` with `<`")]
    code = "\n".join(l[4:] for l in block.splitlines()[1:] if l.startswith("    ") or not l)
    path = tmp_path / "decoder.py"
    path.write_text(code.strip() + "\n")
    assert len(code.strip().splitlines()) <= 30
    return path


def test_the_spec_example_decoder_passes(tmp_path):
    proc = check_decoder("/usr/bin/python3", spec_python_decoder(tmp_path))
    assert proc.returncode == 0, proc.stdout


def test_make_check_decoder_runs_an_outside_command(tmp_path):
    ok = subprocess.run(["make", "-s", "check-decoder",
                         f"DECODER=/usr/bin/python3 {spec_python_decoder(tmp_path)}"],
                        cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run(["make", "-s", "check-decoder", f"DECODER={BUILD}/wrong-decoder-5"],
                         cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode != 0 and "FAIL unknown-type-skipped" in bad.stdout


def test_hanging_decoder_is_killed():
    proc = check_decoder("sleep", "30", timeout=1)
    assert proc.returncode == 1
    assert "did not finish within 1 s" in proc.stdout


def test_missing_decoder_fails_every_fixture(tmp_path):
    proc = check_decoder(tmp_path / "no-such-decoder")
    assert proc.returncode == 1
    assert "exited with status 127" in proc.stdout
    assert f"0 passed, {SECTIONS} failed" in proc.stdout


def copy_fixtures(tmp_path):
    dst = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", dst)
    return dst


def test_stale_binary_is_refused(tmp_path):
    fx = copy_fixtures(tmp_path)
    text = (fx / "records.txt").read_text().replace("prm.pasid   42", "prm.pasid   43", 1)
    (fx / "records.txt").write_text(text)
    proc = check_decoder(BUILD / "ref-decoder", fixtures=fx)
    assert proc.returncode == 2
    assert "prm-pasid-last-page.bin: missing or stale (run make regen)" in proc.stderr
    assert run_tool("fixtures", "--check", "--fixtures", fx).returncode == 1


def test_misspelt_field_is_named_with_its_line(tmp_path):
    fx = copy_fixtures(tmp_path)
    text = (fx / "records.txt").read_text().replace("prm.addr    0x1000", "prm.adr    0x1000", 1)
    (fx / "records.txt").write_text(text)
    proc = run_tool("fixtures", "--check", "--fixtures", fx)
    assert proc.returncode == 2
    assert re.search(r"records.txt:\d+: 'prm.adr' is no field of struct iommu_fault", proc.stderr)


def test_value_too_wide_for_its_field(tmp_path):
    fx = copy_fixtures(tmp_path)
    text = (fx / "responses.txt").read_text().replace("code    3", "code    0x100000000", 1)
    (fx / "responses.txt").write_text(text)
    proc = run_tool("fixtures", "--check", "--fixtures", fx)
    assert proc.returncode == 2 and "is not a value of 4 bytes" in proc.stderr


def test_big_endian_fixtures_feed_a_big_endian_decoder(tmp_path):
    """The spec's decoder reading with '>' passes on the big-endian fixtures; with '<' it fails."""
    little = spec_python_decoder(tmp_path)
    big = tmp_path / "decoder_be.py"
    big.write_text(little.read_text().replace('unpack_from("<', 'unpack_from(">'))
    assert big.read_text() != little.read_text()
    proc = check_decoder("/usr/bin/python3", big, byte_order="big")
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.splitlines()[-1] == f"check-decoder: {SECTIONS} passed, 0 failed"
    for wrong in (check_decoder("/usr/bin/python3", little, byte_order="big"),
                  check_decoder("/usr/bin/python3", big, byte_order="little"),
                  check_decoder(BUILD / "ref-decoder", byte_order="big")):
        assert wrong.returncode == 1, wrong.stdout


def test_byte_order_must_be_little_or_big():
    proc = check_decoder(BUILD / "ref-decoder", byte_order="middle")
    assert proc.returncode == 2 and "--byte-order takes little or big" in proc.stderr


@pytest.mark.parametrize("triple,qemu,order", [
    ("s390x-linux-gnu", "qemu-s390x", "big"),
    ("m68k-linux-gnu", "qemu-m68k", "big"),       # __u64 2-aligned as well
    ("i686-linux-gnu", "qemu-i386", "little"),    # __u64 4-aligned
])
def test_reference_decoder_built_for_another_abi(triple, qemu, order):
    """Host byte order is the ABI's: the same source decodes the fixtures of its order only."""
    binary = BUILD / "cross" / triple / "ref-decoder"
    if not binary.exists() or not shutil.which(qemu):
        pytest.skip(f"{binary} or {qemu} not installed (make check builds and installs both)")
    proc = check_decoder(qemu, binary, byte_order=order)
    assert proc.returncode == 0, proc.stdout
    other = check_decoder(qemu, binary, byte_order="little" if order == "big" else "big")
    assert other.returncode == 1, other.stdout


@pytest.mark.parametrize("size", ["-1", "0", "64", "18446744073709551745", "12x", "999999999"])
def test_reference_decoder_refuses_a_stride_it_cannot_use(size):
    """A negative, overflowing, too small or garbled record size is refused, never wrapped."""
    record = "02" + "00" * 127
    proc = subprocess.run([str(ROOT / "build/ref-decoder")], input=f"decode v1 {size} {record}\n",
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"error bad record size {size}\nend\n"


def test_a_long_answer_line_is_judged_whole():
    """A right answer followed by 600 more characters is a wrong answer: no line is cut short."""
    pad = "x" * 600
    proc = check_decoder(f"{BUILD / 'ref-decoder'} | sed '/^end$/!s/$/ {pad}/'")
    assert proc.returncode == 1, proc.stdout
    assert f"0 passed, {SECTIONS} failed" in proc.stdout
