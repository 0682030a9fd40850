# SPDX-License-Identifier: GPL-2.0
"""check --baseline silences exactly its entries and names stale ones; --write-baseline writes them."""
from conftest import ROOT, run_tool

SPEC = "--spec=" + str(ROOT / "spec/uapi-portability.md")
HOLE = "#include <linux/types.h>\nstruct x {\n\t__u32 a;\n\t__u64 b;\n};\n"


def test_baseline_round_trip(tmp_path):
    header = tmp_path / "x.h"
    header.write_text(HOLE)
    base = tmp_path / "baseline.txt"
    first = run_tool("check", str(header), SPEC, "--abi=x86_64,i386", "--write-baseline", str(base))
    assert first.returncode == 1
    text = base.read_text()
    assert "# reason: " in text and " x.h x." in text
    again = run_tool("check", str(header), SPEC, "--abi=x86_64,i386", "--baseline", str(base))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "in the baseline" in again.stdout and "stale" not in again.stderr
    # a new defect is not in the baseline; a fixed one leaves a stale entry
    header.write_text(HOLE.replace("__u64 b;", "__u64 b;\n\t__u32 c;"))
    fixed = tmp_path / "y.h"
    fixed.write_text("#include <linux/types.h>\nstruct x {\n\t__u64 b;\n};\n")
    stale = run_tool("check", str(fixed), SPEC, "--abi=x86_64,i386", "--baseline", str(base))
    assert stale.returncode == 0 and "stale baseline entry" in stale.stderr


def test_bad_baseline_is_an_input_error(tmp_path):
    bad = tmp_path / "b.txt"
    bad.write_text("only-one-word\n")
    proc = run_tool("check", "--abi=x86_64", "--baseline", str(bad))
    assert proc.returncode == 2 and "b.txt:1" in proc.stderr
    assert run_tool("check", "--abi=x86_64", "--baseline", str(tmp_path / "none")).returncode == 2
