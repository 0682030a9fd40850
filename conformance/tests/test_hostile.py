# SPDX-License-Identifier: GPL-2.0
"""Hostile input: what a CI run on a patch under review may be fed."""
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import CANONICAL, TOOL, run_tool


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_header_that_is_not_a_regular_file_is_refused_without_blocking(tmp_path, kind):
    if kind == "fifo":
        header = tmp_path / "fifo.h"
        os.mkfifo(header)
    else:
        header = kind
    proc = run_tool("check", header)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr


def test_a_header_over_the_size_cap_names_the_limit(tmp_path):
    big = tmp_path / "big.h"
    with open(big, "wb") as f:
        f.truncate(17 << 20)
    proc = run_tool("check", big)
    assert proc.returncode == 2 and "more than the 16 MiB a header may have" in proc.stderr


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


def included_fifo(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    header = tmp_path / "h.h"
    header.write_text(f'#include "{fifo}"\nstruct a {{ int x; }};\n')
    return header


def doubling_bomb(tmp_path):
    """Each level doubles the expansion: 2^30 tokens is more than the limits allow."""
    lines = ["#define B0 x x"] + [f"#define B{i} B{i - 1} B{i - 1}" for i in range(1, 31)]
    header = tmp_path / "bomb.h"
    header.write_text("\n".join(lines) + "\nstruct a { int v[sizeof((char[]){ B30 })]; };\n")
    return header


# A header that would never end stops at --timeout or --memory: an input error (2) in
# bounded time, with the limit named, nothing skipped and no work directory left.
# "host": the host's GCC meets the header first; "libclang": no compiler on PATH.
LIMITS = [
    pytest.param(included_fifo, "host", ("--timeout", "2", "--format", "json"), 20,
                 "time limit", id="included-fifo-time"),
    pytest.param(doubling_bomb, "host", ("--timeout", "10", "--memory", "512"), 60, None,
                 id="macro-bomb-memory"),
    pytest.param(ten_fold_bomb, "libclang", ("--timeout", "3", "--format", "json"), 30,
                 "{header}: libclang did not finish parsing it within the time limit of 3 s "
                 "(--timeout)", id="libclang-macro-bomb-time"),
    pytest.param(ten_fold_bomb, "libclang", ("--timeout", "120", "--memory", "512"), 60,
                 "{header}: libclang parsing it ran past the memory limit of 512 MiB "
                 "(--memory)", id="libclang-macro-bomb-memory"),
]


@pytest.mark.parametrize("make_header,engine,args,within,message", LIMITS)
def test_a_hostile_header_stops_at_its_limit(tmp_path, make_header, engine, args, within,
                                             message):
    header = make_header(tmp_path)
    env = no_compiler_env(tmp_path) if engine == "libclang" else \
        dict(os.environ, TMPDIR=str(tmp_path))
    start = time.monotonic()
    proc = run_tool("check", header, *args, env=env)
    assert time.monotonic() - start < within
    assert proc.returncode == 2, proc.stderr
    if message:
        assert message.format(header=header) in proc.stderr
    if "json" in args:
        assert json.loads(proc.stdout)["error"]["code"] == 2
    else:
        assert "skipped" not in proc.stdout + proc.stderr
    assert not work_dirs(tmp_path)
