# SPDX-License-Identifier: GPL-2.0
"""Bad input gets exit 2 and a message that names the file and what is wrong."""
import pytest

from conftest import BAD, CANONICAL, check_json, run_tool


@pytest.mark.parametrize("name,says", [
    ("empty.h", "empty header"),
    ("not-c.h", "error:"),
    ("syntax-error.h", "syntax-error.h:3"),
    ("no-struct.h", "declares no struct"),
])
def test_bad_file_is_an_input_error(name, says):
    proc = run_tool("check", BAD / name)
    assert proc.returncode == 2, proc.stdout
    assert name in proc.stderr and says in proc.stderr, proc.stderr
    assert proc.stdout == "", "no partial verdict on bad input"


def test_missing_file(tmp_path):
    proc = run_tool("check", tmp_path / "nope.h")
    assert proc.returncode == 2
    assert "nope.h: cannot read header: No such file or directory" in proc.stderr


def test_directory(tmp_path):
    proc = run_tool("check", tmp_path)
    assert proc.returncode == 2
    assert str(tmp_path) in proc.stderr and "cannot read header" in proc.stderr


def test_binary_file(tmp_path):
    path = tmp_path / "binary.h"
    path.write_bytes(b"struct a { int x; };\0\x01\x02")
    proc = run_tool("check", path)
    assert proc.returncode == 2
    assert "binary.h: not a C header: it contains NUL bytes" in proc.stderr


def test_unreadable_spec(tmp_path):
    proc = run_tool("check", "--spec", tmp_path / "spec.md")
    assert proc.returncode == 2
    assert "spec.md: cannot read spec" in proc.stderr


@pytest.mark.parametrize("args,says", [
    ([], "a command is needed"),
    (["frobnicate"], "unknown command"),
    (["check", "--bogus"], "unknown option --bogus"),
    (["check", "--format"], "--format needs a value"),
    (["check", "--format", "xml"], "--format takes text, json, tap or junit"),
    (["check", "--abi", "vax"], "unknown ABI 'vax'"),
    (["check", "a.h", "b.h"], "one header at a time"),
])
def test_usage_errors(args, says):
    proc = run_tool(*args)
    assert proc.returncode == 2
    assert says in proc.stderr, proc.stderr


def test_unusual_declarations_are_measured_not_refused():
    """Flexible arrays, typedef-only structs and packing are judged, never an input error."""
    rc, report = check_json(BAD / "unusual-declarations.h", "--abi", "x86_64,i386,m68k")
    assert rc == 1
    port = {(f["rule"], f["struct"], f["field"]) for f in report["findings"]}
    assert ("IFA-PORT-4", "forbidden", "p") in port and ("IFA-PORT-4", "forbidden", "b") in port
    assert ("IFA-PORT-3", "packed_u64", "b") in port
    for clean in ("flex", "anon_t", "nested", "arr2d"):
        assert not [f for f in report["findings"] if f["struct"] == clean
                    and f["rule"].startswith("IFA-PORT")], clean


def test_header_beyond_linux_types_is_judged_where_it_can_be_measured(tmp_path):
    """<linux/ioctl.h> breaks IFA-HDR-2; cross compilers without kernel headers skip, with why."""
    header = tmp_path / "ioc.h"
    header.write_text(CANONICAL.read_text().replace(
        "#include <linux/types.h>\n", "#include <linux/types.h>\n#include <linux/ioctl.h>\n"))
    rc, report = check_json(header, "--abi", "x86_64,m68k")
    assert rc == 1
    assert {f["rule"] for f in report["findings"] if f["severity"] == "MUST"} == {"IFA-HDR-2"}
    by_name = {a["name"]: a for a in report["abis"]}
    assert by_name["x86_64"]["status"] == "pass"
    assert by_name["m68k"]["status"] == "skipped"
    assert "asm/ioctl.h" in by_name["m68k"]["reason"]
