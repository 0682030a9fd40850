# SPDX-License-Identifier: GPL-2.0
"""The fuzz targets' seed corpora and every input one once crashed on, replayed under
ASan and UBSan without libFuzzer (build/fuzz-replay/)."""
import subprocess

import pytest

from conftest import ROOT

FUZZ = ROOT / "conformance/fuzz"
TARGETS = sorted(p.stem.removeprefix("fuzz_") for p in FUZZ.glob("fuzz_*.c"))


def test_every_target_is_listed_in_the_makefile():
    makefile = (ROOT / "Makefile").read_text()
    line = next(l for l in makefile.splitlines() if l.startswith("FUZZ_TARGETS :="))
    assert sorted(line.split(":=")[1].split()) == TARGETS


def test_regression_directories_name_targets():
    for d in (FUZZ / "regressions").iterdir():
        assert d.name in TARGETS, f"{d}: no fuzz target of that name"
        assert any(d.iterdir()), f"{d}: empty"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    subprocess.run(["sh", str(FUZZ / "seeds.sh"), str(out)], check=True, timeout=60)
    return out


@pytest.mark.parametrize("target", TARGETS)
def test_replay(target, seeds):
    inputs = [seeds / target]
    assert any(inputs[0].iterdir()), f"{target}: seeds.sh made no seed"
    reg = FUZZ / "regressions" / target
    if reg.is_dir():
        inputs.append(reg)
    proc = subprocess.run([str(ROOT / "build/fuzz-replay" / target), *map(str, inputs)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-4000:]
    assert "replayed" in proc.stdout
