# SPDX-License-Identifier: GPL-2.0
"""`make install` and `make uninstall`: a relocatable checker, its man pages, the reference library.

Every test here runs `make install`, which builds build/installed/ and build/lib/:
one xdist group, so that two never build the same file at once.
"""
import os
import pathlib
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

pytestmark = pytest.mark.xdist_group("install")

CANONICAL_REL = "share/iommu-fault-abi/abi/include/linux/iommu_fault.h"


def make(*args):
    proc = subprocess.run(["make", "-s", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def env_without_datadir():
    return {k: v for k, v in os.environ.items() if k != "IFA_DATADIR"}


def files_under(path):
    return sorted(p.relative_to(path) for p in path.rglob("*") if not p.is_dir())


def commands():
    """The command names of `iommu-fault-abi --help`, from main.c's command table."""
    out = subprocess.run([str(ROOT / "build/iommu-fault-abi"), "--help"], capture_output=True,
                         text=True, check=True).stdout
    table = out.split("\n\n")[1]
    return [line.split()[0] for line in table.splitlines() if line.startswith("  ")]


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """`make install DESTDIR=... PREFIX=/usr`, as a package build does it."""
    destdir = tmp_path_factory.mktemp("destdir")
    make("install", f"DESTDIR={destdir}", "PREFIX=/usr")
    return destdir


def test_installed_checker_runs_from_its_prefix(tmp_path):
    prefix = tmp_path / "usr"
    make("install", f"PREFIX={prefix}", "DESTDIR=")
    env = env_without_datadir()
    proc = subprocess.run([str(prefix / "bin/iommu-fault-abi"), "check", "--abi", "x86_64"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert str(prefix / CANONICAL_REL) in proc.stdout
    # The installed fixtures, in both byte orders, serve check-decoder with no tree around.
    for order in ("little", "big"):
        proc = subprocess.run([str(prefix / "bin/iommu-fault-abi"), "check-decoder",
                               "--byte-order", order, "true"],
                              capture_output=True, text=True, env=env, cwd=tmp_path)
        assert proc.returncode == 1 and "check-decoder: 0 passed" in proc.stdout, proc.stderr


def test_moved_tree_finds_its_data_beside_itself(staged, tmp_path):
    """Installed for /usr, staged in DESTDIR, then moved: the data is found from the binary."""
    moved = tmp_path / "elsewhere"
    shutil.copytree(staged / "usr", moved, symlinks=True)
    tool = moved / "bin/iommu-fault-abi"
    proc = subprocess.run([str(tool), "check", "--abi", "x86_64,i386"], capture_output=True,
                          text=True, env=env_without_datadir(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"iommu-fault-abi check {moved / CANONICAL_REL}" in proc.stdout, proc.stdout
    assert "verdict: pass" in proc.stdout
    # A copy of the binary with no data beside it names the variable that points at it.
    lone = tmp_path / "lone" / "iommu-fault-abi"
    lone.parent.mkdir()
    shutil.copy(tool, lone)
    proc = subprocess.run([str(lone), "check", "--abi", "x86_64"], capture_output=True, text=True,
                          env={**env_without_datadir(), "IFA_DATADIR": str(moved / "share/iommu-fault-abi")},
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr


def test_built_binary_copied_out_of_the_tree_still_finds_the_tree(tmp_path):
    """The build directory's checker, copied elsewhere, falls back to the tree it was built in."""
    copy = tmp_path / "iommu-fault-abi"
    shutil.copy(ROOT / "build/iommu-fault-abi", copy)
    proc = subprocess.run([str(copy), "rules"], capture_output=True, text=True,
                          env=env_without_datadir(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "IFA-LAY-2" in proc.stdout


def test_every_man_page_renders(staged):
    man1 = staged / "usr/share/man/man1"
    pages = {p.name for p in man1.iterdir()}
    want = {"iommu-fault-abi.1"} | {f"iommu-fault-abi-{c}.1" for c in commands()}
    assert want <= pages, f"no man page for: {sorted(want - pages)}"
    if not shutil.which("man"):
        pytest.skip("man is not installed (Debian's man-db)")
    for page in sorted(pages):
        proc = subprocess.run(["man", "--warnings", "-l", "-Tutf8", str(man1 / page)],
                              capture_output=True, text=True, env={**os.environ, "MANWIDTH": "80"})
        assert proc.returncode == 0, proc.stderr
        assert not proc.stderr.strip(), f"{page}: {proc.stderr}"
        name = page[:-2]
        text = re.sub(".\b", "", proc.stdout).replace("\u2010", "-")     # no overstrike
        assert re.search(rf"^NAME\n\s+{re.escape(name)}\s+-\s+\w", text, re.M), text[:400]
        assert "SYNOPSIS" in text and "EXIT STATUS" in text


def test_reference_library_links_through_pkg_config(staged, tmp_path):
    env = {**os.environ, "PKG_CONFIG_PATH": str(staged / "usr/lib/pkgconfig")}
    proc = subprocess.run(["pkg-config", "--cflags", "--libs", "iommu-fault-abi"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    flags = proc.stdout.split()
    assert any(f.startswith("-I") and f.endswith("include/iommu-fault-abi") for f in flags), flags
    assert "-lifa-ref" in flags
    src = tmp_path / "vmm.c"
    src.write_text(
        "#include <ifa_ref.h>\n#include <linux/iommu_fault.h>\n#include <stdio.h>\n"
        "int main(void)\n{\n"
        "\tprintf(\"%zu %zu\\n\", ifa_record_size(1), ifa_record_size(0));\n"
        "\treturn ifa_record_size(1) >= sizeof(struct iommu_fault) ? 0 : 1;\n}\n")
    exe = tmp_path / "vmm"
    proc = subprocess.run(["gcc", "-Wall", "-Werror", str(src), "-o", str(exe), *flags],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([str(exe)], capture_output=True, text=True)
    # The library's answer, not a stub's: version 1 has a record size, version 0 none.
    assert proc.returncode == 0 and proc.stdout.split()[1] == "0", proc.stdout


def test_uninstall_removes_everything_install_put_down(tmp_path):
    destdir = tmp_path / "stage"
    make("install", f"DESTDIR={destdir}", "PREFIX=/usr")
    installed = files_under(destdir)
    for must in ("usr/bin/iommu-fault-abi", "usr/lib/libifa-ref.a",
                 "usr/lib/pkgconfig/iommu-fault-abi.pc",
                 "usr/include/iommu-fault-abi/linux/iommu_fault.h",
                 "usr/share/man/man1/iommu-fault-abi-check.1",
                 "usr/share/iommu-fault-abi/spec/iommu-fault-abi.md",
                 "usr/share/iommu-fault-abi/schema/check.schema.json",
                 "usr/share/doc/iommu-fault-abi/LICENSE"):
        assert pathlib.Path(must) in installed, must
    # Something else of the prefix stays.
    other = destdir / "usr/share/man/man1/other.1"
    other.write_text(".TH OTHER 1\n")
    make("uninstall", f"DESTDIR={destdir}", "PREFIX=/usr")
    assert files_under(destdir) == [pathlib.Path("usr/share/man/man1/other.1")]
    assert not (destdir / "usr/share/iommu-fault-abi").exists()
    assert not (destdir / "usr/include/iommu-fault-abi").exists()
