# SPDX-License-Identifier: GPL-2.0
"""`make install` gives a checker that finds its spec, header and kernel types on its own."""
import os
import subprocess

from conftest import ROOT


def test_installed_checker_runs_from_its_prefix(tmp_path):
    prefix = tmp_path / "usr"
    subprocess.run(["make", "-s", "install", f"PREFIX={prefix}", "DESTDIR="], cwd=ROOT,
                   check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "IFA_DATADIR"}
    proc = subprocess.run([str(prefix / "bin/iommu-fault-abi"), "check", "--abi", "x86_64"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert str(prefix / "share/iommu-fault-abi/abi/include/linux/iommu_fault.h") in proc.stdout
    # The installed fixtures, in both byte orders, serve check-decoder with no tree around.
    for order in ("little", "big"):
        proc = subprocess.run([str(prefix / "bin/iommu-fault-abi"), "check-decoder",
                               "--byte-order", order, "true"],
                              capture_output=True, text=True, env=env, cwd=tmp_path)
        assert proc.returncode == 1 and "check-decoder: 0 passed" in proc.stdout, proc.stderr
