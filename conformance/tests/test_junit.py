# SPDX-License-Identifier: GPL-2.0
"""JUnit XML as Jenkins' JUnit and xUnit plugins read it, whatever bytes a path holds."""
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET

from conftest import ROOT, TOOL

CANONICAL = ROOT / "abi/include/linux/iommu_fault.h"
ABIS = "x86_64,i386"
SUITE_ATTRS = ("name", "tests", "failures", "errors", "skipped", "time")


def run_raw(*args, env=None):
    """The JUnit document as bytes; times are measured unless env asks for a reproducible one."""
    if env is None:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run([TOOL, *map(os.fsdecode, args)], capture_output=True, timeout=600,
                          env=env)
    assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")
    return proc.returncode, proc.stdout


def run(*args):
    rc, out = run_raw(*args)
    return rc, ET.fromstring(out)     # raises on ill-formed XML


def suite_of(root):
    """The one <testsuite>, its required attributes and counts checked against its cases."""
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    for attr in SUITE_ATTRS:
        assert attr in suite.attrib, f"<testsuite> lacks {attr}"
    cases = suite.findall("testcase")
    # Real times: a case took what measuring its ABI took (a skipped ABI, nothing); the
    # suite, the whole run.
    for case in cases:
        assert case.get("classname") and case.get("name"), case.attrib
        if case.find("skipped") is None:
            assert float(case.get("time")) > 0, case.attrib
        else:
            assert float(case.get("time")) >= 0, case.attrib
    assert float(suite.get("time")) > 0
    assert root.get("time") == suite.get("time")
    assert int(suite.get("tests")) == len(cases) > 0
    assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
    assert int(suite.get("skipped")) == sum(c.find("skipped") is not None for c in cases)
    assert suite.get("errors") == "0"
    return suite, cases


sys.path.insert(0, str(ROOT / "conformance/tools"))
from golden import apply_edits  # noqa: E402


def edited(tmp_path, *cases):
    """The canonical header with the edits of these bad-header cases (RULE/name)."""
    text = CANONICAL.read_text()
    for case in cases:
        with open(ROOT / "conformance/cases" / f"{case}.toml", "rb") as f:
            text = apply_edits(text, tomllib.load(f)["edits"], case)
    d = tmp_path / "linux"
    d.mkdir()
    (d / "iommu_fault.h").write_text(text)
    return d / "iommu_fault.h"


def test_check_has_a_case_per_struct_and_abi():
    rc, root = run("check", "--abi", ABIS, "--format", "junit")
    assert rc == 0
    suite, cases = suite_of(root)
    names = {(c.get("classname"), c.get("name")) for c in cases}
    for struct in ("struct iommu_fault", "struct iommu_fault_page_request",
                   "struct iommu_fault_response"):
        for abi in ABIS.split(","):
            assert (struct, abi) in names, sorted(names)
    assert ("header", "header") in names
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["header"].endswith("/abi/include/linux/iommu_fault.h"), props


def test_layout_defect_fails_the_cases_of_its_struct_only(tmp_path):
    header = edited(tmp_path, "IFA-LAY-2/fields-reordered")
    rc, root = run("check", str(header), "--abi", ABIS, "--format", "junit")
    assert rc == 1
    _, cases = suite_of(root)
    failed = {(c.get("classname"), c.get("name")) for c in cases if c.find("failure") is not None}
    assert failed == {("struct iommu_fault_page_request", abi) for abi in ABIS.split(",")}
    failure = next(c for c in cases if c.find("failure") is not None).find("failure")
    assert failure.get("type") == "IFA-LAY-2" and "pasid" in failure.text


def test_each_header_level_finding_is_a_case_of_its_own(tmp_path):
    header = edited(tmp_path, "IFA-HDR-5/kdoc-title-without-purpose",
                    "IFA-HDR-5/undocumented-member")
    rc, root = run("check", str(header), "--abi", ABIS, "--format", "junit")
    assert rc == 1
    _, cases = suite_of(root)
    header_cases = [c for c in cases if c.get("classname") == "header"]
    assert len(header_cases) >= 2, [c.attrib for c in header_cases]
    assert all(c.find("failure") is not None for c in header_cases)
    assert len({c.get("name") for c in header_cases}) == len(header_cases)
    assert ("header", "header") not in {(c.get("classname"), c.get("name")) for c in cases}


def test_path_bytes_that_are_not_utf8_stay_well_formed(tmp_path):
    raw = os.fsencode(tmp_path) + b"/bad\xff<&\"name"
    os.mkdir(raw)
    os.mkdir(raw + b"/linux")
    shutil.copy(CANONICAL, os.fsdecode(raw + b"/linux/iommu_fault.h"))
    header = raw + b"/linux/iommu_fault.h"
    rc, root = run("check", header, "--abi", "x86_64", "--format", "junit")
    suite, _ = suite_of(root)
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["header"].endswith("/bad\ufffd<&\"name/linux/iommu_fault.h"), props
    # diff, with the odd path on both sides
    rc, root = run("diff", header, header, "--abi", "x86_64", "--format", "junit")
    suite, _ = suite_of(root)
    assert "\ufffd" in {p.get("name"): p.get("value") for p in suite.iter("property")}["old"]


def test_diff_without_change_is_one_passing_case():
    rc, root = run("diff", CANONICAL, CANONICAL, "--abi", ABIS, "--format", "junit")
    assert rc == 0
    _, cases = suite_of(root)
    assert len(cases) == 1 and cases[0].find("failure") is None
    assert cases[0].get("name") == "no change"


def test_diff_with_breaking_change_fails_its_case(tmp_path):
    header = edited(tmp_path, "IFA-LAY-2/fields-reordered")
    rc, root = run("diff", CANONICAL, header, "--abi", ABIS, "--format", "junit")
    assert rc == 1
    _, cases = suite_of(root)
    assert any(c.get("classname") == "breaking" and c.find("failure") is not None for c in cases)


HOSTILE = b"/odd\xff\x01<&\"'>\xc3\xa9name"
# The same directory name as the emitter writes it in any attribute: XML's specials
# escaped, a byte that is not UTF-8 and a control XML forbids as U+FFFD, UTF-8 kept.
HOSTILE_XML = b"/odd\xef\xbf\xbd\xef\xbf\xbd&lt;&amp;&quot;&apos;&gt;\xc3\xa9name"


def prop(doc, name):
    found = re.search(rb'<property name="' + name + rb'" value="([^"]*)"/>', doc)
    assert found, doc[:600]
    return found.group(1)


def shape(doc):
    """The document with every attribute value and text left out: its elements in order."""
    doc = re.sub(rb'="[^"]*"', b'=""', doc)
    return re.sub(rb">[^<]*</failure>", b"></failure>", doc)


def test_check_and_diff_share_one_emitter(tmp_path):
    """check and diff write JUnit through one emitter: a hostile path comes out byte for
    byte alike in both, in documents of the same shape."""
    raw = os.fsencode(tmp_path) + HOSTILE
    os.makedirs(raw + b"/linux")
    header = raw + b"/linux/iommu_fault.h"
    shutil.copy(CANONICAL, os.fsdecode(header))
    _, check = run_raw("check", header, "--abi", "x86_64", "--format", "junit")
    _, diff = run_raw("diff", header, header, "--abi", "x86_64", "--format", "junit")
    for doc in (check, diff):
        ET.fromstring(doc)
    escaped = os.fsencode(tmp_path).replace(b"&", b"&amp;") + HOSTILE_XML + \
        b"/linux/iommu_fault.h"
    assert prop(check, b"header") == prop(diff, b"old") == prop(diff, b"new") == escaped
    head = shape(check).splitlines()[:3]
    assert shape(diff).splitlines()[:3] == head
    assert head[1].startswith(b'<testsuites name="" tests="" failures="" errors="" '
                              b'skipped="" time="">')
    cases = {line for line in shape(check).splitlines() + shape(diff).splitlines()
             if b"<testcase" in line}
    assert cases == {b'    <testcase classname="" name="" time=""/>'}, cases


def test_a_reproducible_report_has_no_times():
    """With SOURCE_DATE_EPOCH set, as in a reproducible build, every time is 0."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    for args in (("check",), ("diff", CANONICAL, CANONICAL)):
        _, doc = run_raw(*args, "--abi", ABIS, "--format", "junit", env=env)
        root = ET.fromstring(doc)
        times = [e.get("time") for e in root.iter() if e.tag in ("testsuites", "testsuite",
                                                               "testcase")]
        assert times and set(times) == {"0"}, (args, times)
