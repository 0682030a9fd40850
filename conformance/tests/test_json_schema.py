# SPDX-License-Identifier: GPL-2.0
"""Every JSON document the checker prints validates against its schema under schema/.

Reports, the ABI list, and the error documents of runs that fail (exit 2 or 3):
a CI job that parses --format json never meets a shape the schema does not state.
"""
import json
import os
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT, TOOL

jsonschema = pytest.importorskip("jsonschema", reason="Debian's python3-jsonschema (make check installs it)")

SCHEMA_DIR = ROOT / "schema"
CANONICAL = ROOT / "abi/include/linux/iommu_fault.h"
ABIS = "x86_64,i386"

sys.path.insert(0, str(ROOT / "conformance/tools"))
from golden import apply_edits  # noqa: E402


def validator(name):
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    resolver = jsonschema.RefResolver(base_uri=SCHEMA_DIR.as_uri() + "/", referrer=schema)
    return cls(schema, resolver=resolver)


def run_json(schema, *args, rc=(0, 1), env=None):
    """Runs the tool with --format json; its stdout must be one document valid against schema."""
    proc = subprocess.run([TOOL, *map(os.fsdecode, args), "--format", "json"], capture_output=True,
                          timeout=600, env={**os.environ, **(env or {})})
    assert proc.returncode in rc, (proc.returncode, proc.stderr.decode(errors="replace"))
    doc = json.loads(proc.stdout)
    errors = sorted(validator(schema).iter_errors(doc), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return doc


def case_header(tmp_path, *cases):
    text = CANONICAL.read_text()
    for case in cases:
        with open(ROOT / "conformance/cases" / f"{case}.toml", "rb") as f:
            text = apply_edits(text, tomllib.load(f)["edits"], case)
    d = tmp_path / "linux"
    d.mkdir(exist_ok=True)
    (d / "iommu_fault.h").write_text(text)
    return d / "iommu_fault.h"


def test_every_schema_is_a_valid_schema():
    names = sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json"))
    assert {"check.schema.json", "diff.schema.json", "abis.schema.json", "error.schema.json",
            "scan.schema.json", "git-diff.schema.json", "common.schema.json"} <= set(names)
    for name in names:
        validator(name[: -len(".schema.json")])


def test_check_canonical():
    doc = run_json("check", "check", "--abi", ABIS, rc=(0,))
    assert doc["verdict"] == "pass" and doc["findings"] == []


def test_check_with_findings_of_every_kind(tmp_path):
    header = case_header(tmp_path, "IFA-LAY-2/fields-reordered", "IFA-HDR-5/kdoc-title-without-purpose",
                         "IFA-HDR-5/undocumented-member")
    doc = run_json("check", "check", header, "--abi", ABIS, rc=(1,))
    rules = {f["rule"] for f in doc["findings"]}
    assert {"IFA-LAY-2", "IFA-HDR-5"} <= rules
    # The schema has teeth: a finding without its rule is refused.
    broken = json.loads(json.dumps(doc))
    del broken["findings"][0]["rule"]
    assert list(validator("check").iter_errors(broken))


def test_check_with_rules_and_a_note(tmp_path):
    doc = run_json("check", "check", "--abi", "x86_64", "--rules", "IFA-HDR-5",
                   env={"IFA_KERNEL_DOC": ""}, rc=(0,))
    assert doc["rules"] == "IFA-HDR-5"
    assert [f["severity"] for f in doc["findings"]] == ["info"]


def test_check_a_header_of_no_spec(tmp_path):
    header = tmp_path / "thing.h"
    header.write_text("/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */\n"
                      "#ifndef _THING_H\n#define _THING_H\n#include <linux/types.h>\n"
                      "struct thing {\n\t__u32 a;\n\t__u64 b;\n\tlong c;\n};\n#endif\n")
    doc = run_json("check", "check", header, "--abi", ABIS, rc=(1,))
    assert doc["findings"] and doc["spec"].endswith("uapi-portability.md")


def test_check_a_path_that_is_not_utf8(tmp_path):
    d = os.fsencode(tmp_path) + b"/\xff\xfe"
    os.mkdir(d)
    os.mkdir(d + b"/linux")
    header = d + b"/linux/iommu_fault.h"
    with open(header, "wb") as f:
        f.write(CANONICAL.read_bytes())
    doc = run_json("check", "check", header, "--abi", "x86_64", rc=(0,))
    assert "\ufffd" in doc["header"]


def test_diff_between_headers_and_against_the_spec(tmp_path):
    header = case_header(tmp_path, "IFA-LAY-2/fields-reordered")
    doc = run_json("diff", "diff", CANONICAL, header, "--abi", ABIS, rc=(1,))
    assert doc["verdict"] == "breaking" and doc["changes"]
    doc = run_json("diff", "diff", header, "--abi", ABIS, rc=(1,))
    assert doc["old"].endswith(".md")
    doc = run_json("diff", "diff", CANONICAL, CANONICAL, "--abi", ABIS, rc=(0,))
    assert doc["changes"] == []


PORTABLE = ("#ifndef _{0}_H\n#define _{0}_H\n#include <linux/types.h>\n"
            "struct {1} {{\n\t__u32 a;\n\t{2} b;\n}};\n#endif\n")


def test_scan_of_a_directory(tmp_path):
    (tmp_path / "good.h").write_text(PORTABLE.format("GOOD", "good", "__u32"))
    (tmp_path / "bad.h").write_text(PORTABLE.format("BAD", "bad", "__u64"))
    (tmp_path / "broken.h").write_text("struct {\n")
    doc = run_json("scan", "check", tmp_path, "--abi", ABIS, rc=(1,))
    status = {os.path.basename(h["header"]): h["status"] for h in doc["headers"]}
    assert status == {"good.h": "pass", "bad.h": "fail", "broken.h": "not judged"}
    assert doc["summary"]["headers"] == 3 and doc["summary"]["judged"] == 2
    # With a baseline of every finding, the scan passes and says how many it silenced.
    baseline = tmp_path / "baseline.txt"
    subprocess.run([TOOL, "check", str(tmp_path / "bad.h"), str(tmp_path / "good.h"), "--abi", ABIS,
                    "--write-baseline", str(baseline)], capture_output=True, timeout=600)
    doc = run_json("scan", "check", tmp_path / "bad.h", tmp_path / "good.h", "--abi", ABIS,
                   "--baseline", baseline, rc=(0,))
    assert doc["summary"]["baselined"] >= 1


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=ci@example.org", "-c", "user.name=ci",
                    *args], check=True, capture_output=True)


def test_diff_between_git_refs(tmp_path):
    repo = tmp_path / "tree"
    inc = repo / "include/uapi/linux"
    inc.mkdir(parents=True)
    git(repo, "init", "-q")
    (inc / "kept.h").write_text(PORTABLE.format("KEPT", "kept", "__u32"))
    (inc / "gone.h").write_text(PORTABLE.format("GONE", "gone", "__u32"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    (inc / "kept.h").write_text(PORTABLE.format("KEPT", "kept", "__u16"))
    (inc / "new.h").write_text(PORTABLE.format("NEW", "new", "__u32"))
    git(repo, "rm", "-q", "include/uapi/linux/gone.h")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "head")
    proc = subprocess.run([TOOL, "diff", "--git", "HEAD~1..HEAD", "--abi", ABIS, "--format", "json"],
                          capture_output=True, timeout=600, cwd=repo)
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    errors = list(validator("git-diff").iter_errors(doc))
    assert not errors, errors[0].message
    assert {e["path"].rsplit("/", 1)[1]: e["status"] for e in doc} == \
        {"kept.h": "changed", "new.h": "added", "gone.h": "removed"}


def test_abis():
    doc = run_json("abis", "abis", rc=(0,))
    assert {"x86_64", "i386", "m68k"} <= {a["name"] for a in doc}


@pytest.mark.parametrize("args, code", [
    (["check", "/nonexistent/iommu_fault.h"], 2),
    (["check", "--abi", "no-such-abi"], 2),
    (["check", "--rules", "IFA-NOPE"], 2),
    (["check", "--spec", "/nonexistent.md"], 2),
    (["check", "--timeout", "0"], 2),
    (["diff", "/nonexistent/a.h", "/nonexistent/b.h"], 2),
    (["diff"], 2),
    (["abis", "extra"], 2),
    (["check", "/nonexistent-dir/", "/nonexistent-dir2/"], 2),
])
def test_error_documents(args, code):
    doc = run_json("error", *args, rc=(code,))
    assert doc["error"]["code"] == code and doc["error"]["message"]


def test_error_document_for_a_header_that_does_not_compile(tmp_path):
    header = tmp_path / "broken.h"
    header.write_text("struct {\n")
    doc = run_json("error", "check", header, "--abi", "x86_64", rc=(2, 3))
    assert doc["error"]["message"]
