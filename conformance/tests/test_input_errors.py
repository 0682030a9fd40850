# SPDX-License-Identifier: GPL-2.0
"""Bad input gets exit 2 and a message that names the file and what is wrong."""
import json
import os

import pytest

from conftest import BAD, CANONICAL, ROOT, bad_cases, check_json, must_rules, run_tool


@pytest.mark.parametrize("name,says", [
    ("empty.h", "empty header"),
    ("not-c.h", "error:"),
    ("syntax-error.h", "syntax-error.h:3"),
])
def test_bad_file_is_an_input_error(name, says):
    proc = run_tool("check", BAD / name)
    assert proc.returncode == 2, proc.stdout
    assert name in proc.stderr and says in proc.stderr, proc.stderr
    assert proc.stdout == "", "no partial verdict on bad input"


def test_header_without_struct_passes_with_a_note():
    """Nothing to lay out is no input error: its constants and text are still judged."""
    rc, report = check_json(BAD / "no-struct.h")
    assert (rc, report["verdict"], report["structs"]) == (0, "pass", 0)
    text = run_tool("check", BAD / "no-struct.h", check_rc=0).stdout
    assert "note: the header declares no struct" in text


def test_missing_file(tmp_path):
    proc = run_tool("check", tmp_path / "nope.h")
    assert proc.returncode == 2
    assert "nope.h: cannot read header: No such file or directory" in proc.stderr


def test_directory_without_headers(tmp_path):
    proc = run_tool("check", tmp_path)
    assert proc.returncode == 2
    assert f"{tmp_path}: no header (*.h) in the directory" in proc.stderr


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
    (["check", "--format", "xml"], "--format takes text, json, tap, junit or html"),
    (["check", "--format", "svg"], "--format takes text, json, tap, junit or html"),
    (["layout", "--format", "json"], "layout --format takes text, svg or html"),
    (["check", "--abi", "vax"], "unknown ABI 'vax'"),
    (["check", "--struct", "x"], "check does not take --struct"),
    (["check", "--timeout=0"], "--timeout takes a number of seconds"),
    (["check", "--memory", "1"], "--memory takes a number of MiB"),
    (["layout", "--rules", "IFA-PORT"], "layout does not take --rules"),
    (["abis", "extra"], "abis takes no argument"),
    (["abis", "--format", "tap"], "abis --format takes text or json"),
    (["rules", "IFA-NOPE"], "'IFA-NOPE' names no rule"),
    (["rules", "IFA-PORT-2", "--checks"], "not both"),
    (["diff"], "diff needs NEW.h, or OLD.h and NEW.h"),
    (["check-decoder"], "check-decoder takes COMMAND..."),
])
def test_usage_errors(args, says):
    proc = run_tool(*args)
    assert proc.returncode == 2
    assert says in proc.stderr, proc.stderr


def test_unusual_declarations_are_measured_not_refused():
    """Flexible arrays, typedef-only structs and packing are judged, never an input error."""
    rc, report = check_json(BAD / "unusual-declarations.h", "--abi", "x86_64,i386,m68k",
                            "--spec", str(ROOT / "spec/iommu-fault-abi.md"))
    assert rc == 1
    port = {(f["rule"], f["struct"], f["field"]) for f in report["findings"]}
    assert ("IFA-PORT-4", "forbidden", "p") in port and ("IFA-PORT-4", "forbidden", "b") in port
    assert ("IFA-PORT-3", "packed_u64", "b") in port
    # A header of no spec is judged by the portability spec: the pointer and the long.
    rc, report = check_json(BAD / "unusual-declarations.h", "--abi", "x86_64,i386,m68k")
    assert rc == 1 and report["spec"].endswith("spec/uapi-portability.md")
    assert must_rules(report) == {"UAPI-PORT-2", "UAPI-PORT-4"}
    port = {(f["rule"], f["struct"], f["field"]) for f in report["findings"]}
    assert {("UAPI-PORT-4", "forbidden", "p"), ("UAPI-PORT-4", "forbidden", "l")} <= port
    for clean in ("flex", "anon_t", "nested", "arr2d"):
        assert not [f for f in report["findings"] if f["struct"] == clean
                    and f["rule"].startswith("IFA-PORT")], clean


def with_ioctl(tmp_path, text=None):
    """The canonical header (or text) with <linux/ioctl.h>, as most of include/uapi has."""
    header = tmp_path / "ioc.h"
    header.write_text((text or CANONICAL.read_text()).replace(
        "#include <linux/types.h>\n", "#include <linux/types.h>\n#include <linux/ioctl.h>\n"))
    return header


def test_header_beyond_linux_types_is_measured_with_the_kernels_uapi_headers(tmp_path):
    """<linux/ioctl.h> breaks IFA-HDR-2, but the layout is still measured on every GCC ABI."""
    rc, report = check_json(with_ioctl(tmp_path), "--abi", "x86_64,i386,m68k,sh4,loongarch64")
    assert rc == 1
    assert must_rules(report) == {"IFA-HDR-2"}
    hdr2 = [f for f in report["findings"] if f["rule"] == "IFA-HDR-2"]
    assert [f["actual"] for f in hdr2] == ["#include <linux/ioctl.h>"], hdr2
    by_name = {a["name"]: a for a in report["abis"]}
    for name in ("x86_64", "i386", "m68k", "sh4"):
        assert by_name[name]["status"] == "pass", by_name[name]
        assert "gcc" in by_name[name]["engines"]
    # Debian has no UAPI headers of loongarch64; its asm/ is asm-generic, as riscv64's is.
    assert by_name["loongarch64"]["status"] == "pass"
    assert by_name["loongarch64"]["engines"] == ["clang"]


def test_ioctl_header_with_a_hole_is_caught_on_i386(tmp_path):
    """The 6.11 iommu_hwpt_pgfault shape in a header that, like iommufd.h, includes <linux/ioctl.h>."""
    case = next(c for c in bad_cases() if c["name"] == "hwpt-pgfault-6.11")
    text = CANONICAL.read_text()
    for edit in case["edits"]:
        text = text.replace(edit["after"], edit["after"] + edit["insert"])
    rc, report = check_json(with_ioctl(tmp_path, text), "--abi", "x86_64,i386")
    assert rc == 1
    holes = [f for f in report["findings"]
             if f["rule"] == "IFA-PORT-2" and f["struct"] == "iommu_hwpt_pgfault"]
    assert len(holes) == 1 and holes[0]["abis"] == ["x86_64"], holes
    assert "36 bytes on i386" in holes[0]["consequences"][0]


def test_missing_uapi_headers_skip_the_abi_and_name_the_package(tmp_path):
    """An architecture whose UAPI headers are not installed is skipped, never passed."""
    root = tmp_path / "uapi"
    (root / "x86_64-linux-gnu").mkdir(parents=True)
    (root / "x86_64-linux-gnu/include").symlink_to("/usr/x86_64-linux-gnu/include")
    env = dict(os.environ, IFA_UAPI_ROOT=str(root))
    rc, report = check_json(with_ioctl(tmp_path), "--abi", "x86_64,m68k", env=env)
    by_name = {a["name"]: a for a in report["abis"]}
    assert by_name["x86_64"]["status"] == "pass"
    assert by_name["m68k"]["status"] == "skipped"
    assert "apt-get install linux-libc-dev-m68k-cross" in by_name["m68k"]["reason"]
    assert by_name["m68k"]["engines"] == []


def test_both_option_forms_and_help_per_command():
    """--opt value and --opt=value alike; every command has its own --help."""
    a = run_tool("check", "--abi", "x86_64", "--format", "json", check_rc=0).stdout
    b = run_tool("check", "--abi=x86_64", "--format=json", check_rc=0).stdout
    assert json.loads(a)["abis"] == json.loads(b)["abis"]
    for command in ("check", "layout", "diff", "abis", "rules", "spec-table", "fixtures",
                    "check-decoder"):
        out = run_tool(command, "--help", check_rc=0).stdout
        assert out.startswith(f"usage: iommu-fault-abi {command} ") and "--help" in out
    assert "--struct" in run_tool("layout", "--help", check_rc=0).stdout
    assert "--struct" not in run_tool("check", "--help", check_rc=0).stdout


def test_rules_prints_a_rule_with_what_exercises_it():
    out = run_tool("rules", "IFA-PORT-2", check_rc=0).stdout
    assert out.startswith("IFA-PORT-2 (header, MUST)")
    assert "checked by: no-implicit-padding" in out
    assert "conformance/cases/IFA-PORT-2/hwpt-pgfault-6.11.toml" in out
    assert "IFA-PORT-1" not in out
    family = run_tool("rules", "IFA-VAL", check_rc=0).stdout
    assert family.count("(header, MUST)") == 11 and "checked by: its value table" in family
    checks = run_tool("rules", "--checks", check_rc=0).stdout
    assert "no-implicit-padding    IFA-PORT-2" in checks


def test_rules_finds_the_spec_of_a_rule_and_says_how_it_is_judged():
    """A rule ID names its spec by its prefix; the line `judged:` is conformance/rule-checks.tsv's."""
    iofd = run_tool("rules", "IOFD-EVQ-4", check_rc=0).stdout
    assert iofd.startswith("IOFD-EVQ-4 (userspace, MUST)") and "spec/iommufd-fault.md" in iofd
    assert "judged: on any implementation, through the role protocol" in iofd
    assert "judged: on this project's reference implementation only" in \
        run_tool("rules", "IFA-QUE-9", check_rc=0).stdout
    assert "judged: not yet" in run_tool("rules", "IFA-TRN-6", check_rc=0).stdout
    assert "judged: on any header" in run_tool("rules", "IOFD-PORT-2", check_rc=0).stdout
    assert run_tool("rules", "UAPI-PORT-2", check_rc=0).stdout.startswith("UAPI-PORT-2 (header")


def test_abis_as_json():
    abis = json.loads(run_tool("abis", "--format", "json", check_rc=0).stdout)
    by_name = {a["name"]: a for a in abis}
    assert len(abis) == 31 and by_name["m68k"]["gcc"] == "m68k-linux-gnu-gcc"
    assert by_name["loongarch64"]["gcc"] is None and by_name["x86_64"]["gcc_installed"]
