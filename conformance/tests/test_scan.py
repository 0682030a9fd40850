# SPDX-License-Identifier: GPL-2.0
"""check on several headers or a directory: one scan, batched compiles, a summary."""
import json
import os
import pathlib

import pytest

from conftest import run_tool

GOOD = "#include <linux/types.h>\nstruct good_%d {\n\t__u64 a;\n\t__u32 b;\n\t__u32 c;\n};\n"
BAD = "#include <linux/types.h>\nstruct bad_one {\n\t__u32 a;\n\t__u64 b;\n};\n"


def test_directory_scan(tmp_path):
    for i in range(5):
        (tmp_path / f"g{i}.h").write_text(GOOD % i)
    (tmp_path / "bad.h").write_text(BAD)
    (tmp_path / "broken.h").write_text("struct broken { undeclared_t x; };\n")
    proc = run_tool("check", str(tmp_path), "--abi=x86_64,i386", "--format=json")
    assert proc.returncode == 1, proc.stderr
    rep = json.loads(proc.stdout)
    assert rep["summary"]["headers"] == 7 and rep["summary"]["judged"] == 6
    bad = [h for h in rep["headers"] if h["header"].endswith("bad.h")][0]
    assert bad["status"] == "fail" and bad["abis_measured"] == 2
    assert all(h["status"] == "pass" for h in rep["headers"] if "/g" in h["header"])
    # the header that does not compile is named, and did not take the others down
    assert "broken.h" in proc.stderr
    # fewer compiles than headers x ABIs
    assert rep["summary"]["compiles"] < 6 * 2
    text = run_tool("check", str(tmp_path), "--abi=x86_64,i386")
    assert "summary: 7 headers" in text.stdout and "findings by rule:" in text.stdout
    assert all(len(line) <= 80 for line in text.stdout.splitlines() if " " in line)
    quiet = run_tool("check", str(tmp_path), "--abi=x86_64,i386", "--quiet")
    assert "summary" not in quiet.stdout and "verdict: fail" in quiet.stdout


def test_a_header_that_crashes_libclang_takes_down_no_other(tmp_path):
    """libclang parses in a worker process that serves many headers: when it crashes on
    one, that header is named with the crash, and a new worker parses the rest."""
    for i in range(4):
        (tmp_path / f"g{i}.h").write_text(GOOD % i)
    env = dict(os.environ, IFA_TEST_LIBCLANG_CRASH="/g1.h")
    proc = run_tool("check", str(tmp_path), "--abi=x86_64", "--format=json", env=env)
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)
    assert rep["summary"]["headers"] == 4 and rep["summary"]["judged"] == 3
    # killed by signal 11, or under AddressSanitizer its report and exit code 1
    assert "g1.h: libclang crashed parsing it (" in proc.stderr
    one = run_tool("check", str(tmp_path / "g1.h"), "--abi=x86_64", env=env)
    assert one.returncode == 2 and "libclang crashed parsing it" in one.stderr


def test_a_header_that_needs_a_c_library_costs_no_compile_where_there_is_none(tmp_path):
    """A cross ABI with kernel headers but no C library here: a header whose host parse
    included <sys/socket.h> is unmeasured there before any compile, the others batch."""
    if pathlib.Path("/usr/aarch64-linux-gnu/include/sys").exists():
        pytest.skip("aarch64 has a C library here")
    for i in range(4):
        (tmp_path / f"g{i}.h").write_text(GOOD % i)
    (tmp_path / "net.h").write_text("#include <sys/socket.h>\n" + GOOD % 9)
    proc = run_tool("check", str(tmp_path), "--abi=x86_64,aarch64", "--format=json")
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)
    measured = {pathlib.Path(h["header"]).name: h["abis_measured"] for h in rep["headers"]}
    assert measured == {"g0.h": 2, "g1.h": 2, "g2.h": 2, "g3.h": 2, "net.h": 1}
    # x86_64 compiles two batches (the kernel types reach and the C library reach),
    # aarch64 one: the header that needs a C library never reaches its compiler
    assert rep["summary"]["compiles"] == 3
