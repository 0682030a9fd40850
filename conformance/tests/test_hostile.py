# SPDX-License-Identifier: GPL-2.0
"""Hostile input: what a CI run on a patch under review may be fed."""
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import CANONICAL, TOOL, run_tool


def test_a_fifo_as_the_header_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.h"
    os.mkfifo(fifo)
    proc = run_tool("check", fifo)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_dev_zero_is_refused(tmp_path):
    proc = run_tool("check", "/dev/zero")
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_a_header_over_the_size_cap_names_the_limit(tmp_path):
    big = tmp_path / "big.h"
    with open(big, "wb") as f:
        f.truncate(17 << 20)
    proc = run_tool("check", big)
    assert proc.returncode == 2 and "more than the 16 MiB a header may have" in proc.stderr


def test_an_included_fifo_ends_within_the_timeout(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    header = tmp_path / "h.h"
    header.write_text(f'#include "{fifo}"\nstruct a {{ int x; }};\n')
    start = time.monotonic()
    proc = run_tool("check", header, "--timeout", "2", "--format", "json")
    assert time.monotonic() - start < 20
    assert proc.returncode == 2 and "time limit" in proc.stderr
    assert json.loads(proc.stdout)["error"]["code"] == 2


def test_a_macro_bomb_stops_at_the_memory_limit(tmp_path):
    """Each level doubles the expansion: 2^30 tokens is more than the limits allow."""
    lines = ["#define B0 x x"] + [f"#define B{i} B{i - 1} B{i - 1}" for i in range(1, 31)]
    header = tmp_path / "bomb.h"
    header.write_text("\n".join(lines) + "\nstruct a { int v[sizeof((char[]){ B30 })]; };\n")
    start = time.monotonic()
    proc = run_tool("check", header, "--timeout", "10", "--memory", "512")
    assert time.monotonic() - start < 60
    assert proc.returncode == 2, proc.stderr


@pytest.mark.parametrize("name", ['we"ird', "new\nline", "byte\xff"])
def test_odd_paths_give_valid_reports(tmp_path, name):
    directory = tmp_path / name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    raw = os.path.join(os.fsencode(tmp_path), name.encode("latin-1"), b"linux")
    os.makedirs(raw)
    header = os.path.join(raw, b"iommu_fault.h")
    with open(header, "wb") as f:
        f.write(CANONICAL.read_bytes())
    out = subprocess.run([TOOL, "check", header, "--abi", "x86_64", "--format", "json"],
                         capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout.decode("utf-8"))	# valid UTF-8, valid JSON
    assert report["verdict"] == "pass"
    del directory


def test_a_long_tmpdir_gives_the_same_verdict(tmp_path):
    long_dir = tmp_path / ("t" * 200) / ("m" * 200) / ("p" * 200)
    long_dir.mkdir(parents=True)
    env = dict(os.environ, TMPDIR=str(long_dir))
    short = run_tool("check", "--format", "json").stdout
    long = run_tool("check", "--format", "json", env=env).stdout
    assert json.loads(short)["abis"] == json.loads(long)["abis"]


def test_an_unusable_tmpdir_says_why(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path / "missing"))
    proc = run_tool("check", env=env)
    assert proc.returncode == 3 and "cannot create the work directory there" in proc.stderr


def test_sigterm_leaves_no_work_directory(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([TOOL, "check"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob("iommu-fault-abi.*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == -signal.SIGTERM
    assert not list(tmp_path.glob("iommu-fault-abi.*"))


def test_no_line_of_an_included_file_reaches_the_report(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    header = tmp_path / "h.h"
    header.write_text(f'#include "{secret}"\nstruct a {{ int x; }};\n')
    proc = run_tool("check", header)
    assert proc.returncode == 2
    assert "/root:/bin/bash" not in proc.stdout + proc.stderr


# libclang parses in a child of the checker, under the same limits as every
# compiler. On a machine without a host GCC nothing meets the header before
# libclang does (there is no preflight compile), so a hostile header reaches
# it directly: these runs are that machine, with PATH holding no compiler.
def ten_fold_bomb(tmp_path):
    """Each level expands to ten of the one below: 10^12 tokens."""
    lines = ["#define B0 0,"] + [f"#define B{i} " + " ".join([f"B{i - 1}"] * 10)
                                 for i in range(1, 13)]
    header = tmp_path / "bomb.h"
    header.write_text("\n".join(lines) + "\nstatic const int bomb[] = { B12 0 };\n"
                      "struct a { int x; };\n")
    return header


def no_compiler_env(tmp_path):
    empty = tmp_path / "no-compiler"
    empty.mkdir()
    return dict(os.environ, PATH=str(empty), TMPDIR=str(tmp_path))


def work_dirs(tmp_path):
    return list(tmp_path.glob("iommu-fault-abi.*"))


def test_libclang_alone_measures_through_its_child(tmp_path):
    proc = run_tool("check", CANONICAL, "--format", "json", env=no_compiler_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    measured = [a for a in report["abis"] if a["engines"]]
    assert measured and all(a["engines"] == ["clang"] for a in measured)
    assert report["verdict"] == "pass" and report["structs"] >= 7
    assert {b["struct"] for b in report["budget"]} == {"iommu_fault_unrecoverable",
                                                      "iommu_fault_page_request"}


def test_a_macro_bomb_in_libclang_stops_at_the_time_limit(tmp_path):
    header = ten_fold_bomb(tmp_path)
    start = time.monotonic()
    proc = run_tool("check", header, "--timeout", "3", "--format", "json",
                    env=no_compiler_env(tmp_path))
    assert time.monotonic() - start < 30
    assert proc.returncode == 2, proc.stderr
    assert f"{header}: libclang did not finish parsing it within the time limit of 3 s " \
           "(--timeout)" in proc.stderr
    assert json.loads(proc.stdout)["error"]["code"] == 2
    assert not work_dirs(tmp_path)


def test_a_macro_bomb_in_libclang_stops_at_the_memory_limit(tmp_path):
    header = ten_fold_bomb(tmp_path)
    start = time.monotonic()
    proc = run_tool("check", header, "--timeout", "120", "--memory", "512",
                    env=no_compiler_env(tmp_path))
    assert time.monotonic() - start < 60
    assert proc.returncode == 2, proc.stderr
    assert f"{header}: libclang parsing it ran past the memory limit of 512 MiB " \
           "(--memory)" in proc.stderr
    assert "skipped" not in proc.stdout + proc.stderr
    assert not work_dirs(tmp_path)
