# SPDX-License-Identifier: GPL-2.0
"""check and diff judge with one set of rules: on every bad header they never contradict.

A defect of the binary interface that check finds in a header is a breaking
change when diff compares the canonical header with it, under the same
rule; and whatever diff calls breaking, check fails too.
"""
import json

import pytest

from conftest import CANONICAL, bad_cases, check_json, run_tool

CASES = bad_cases()
# Checks that judge the file (licence line, kernel-doc, guard, compiles) are no ABI change.
FILE_RULES = ("IFA-HDR-",)
# One ABI of each way of laying out a struct (LP64; __u64 4-aligned; ILP32 with __u64
# 8-aligned; __u64 2-aligned and tail padding to 2; ARM OABI; big endian): the question
# is whether the two commands agree, which the whole matrix does not ask better.
ABIS = "x86_64,i386,x32,m68k,arm-oabi,s390x"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_check_and_diff_agree(case, edited_header):
    header = edited_header(case["edits"], case["name"])
    check_rc, check = check_json(header, "--abi", ABIS)
    proc = run_tool("diff", CANONICAL, header, "--format", "json", "--abi", ABIS)
    assert proc.returncode in (0, 1, 4), proc.stderr
    diff = json.loads(proc.stdout)
    abi_defects = {f["rule"] for f in check["findings"]
                   if f["severity"] == "MUST" and not f["rule"].startswith(FILE_RULES)}
    if abi_defects:
        assert diff["verdict"] in ("breaking", "new-version"), (abi_defects, diff["changes"])
    if diff["verdict"] in ("breaking", "new-version"):
        assert check_rc == 1, diff["changes"]
    if proc.returncode == 0:
        assert not abi_defects - {"IFA-LAY-1", "IFA-LAY-2", "IFA-LAY-3", "IFA-LAY-4"}, \
            (check["findings"], diff["changes"])
