# SPDX-License-Identifier: GPL-2.0
"""Every rule of every spec is checked: fired by a bad input, or listed as still to come."""
import re
import subprocess
import sys
import tomllib

import pytest

from conftest import IOFD_SPEC, ROOT, SPEC, TOOL, bad_cases, run_tool

SPECS = [SPEC, IOFD_SPEC]
RULE_ID = r"[A-Z]+-[A-Z]+-\d+"


def spec_rules(spec=SPEC):
    """The rules in force: a retired one is kept for its ID alone."""
    out = run_tool("rules", "--spec", spec, check_rc=0).stdout
    return {rule: party for rule, party in (line.split("\t") for line in out.splitlines())
            if party != "retired"}


def all_rules():
    rules = {}
    for spec in SPECS:
        rules.update(spec_rules(spec))
    return rules


def pending_rules():
    rows = {}
    for line in (ROOT / "conformance/pending-rules.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            rule, why = line.split("\t")
            rows[rule] = why
    return rows


def fired_rules():
    """Rules some bad input or edge case exercises: bad headers, fixtures, Check assertions."""
    fired = {r for spec in SPECS for case in bad_cases(spec) for r in case["rules"]}
    for pairs in ("diff-cases.toml", "iommufd-diff-cases.toml"):
        with open(ROOT / "conformance/bad" / pairs, "rb") as f:
            fired |= {c.split()[1] for case in tomllib.load(f)["case"] for c in case["changes"]}
    for fx in (ROOT / "fixtures").glob("*.txt"):
        fired |= set(re.findall(rf"^rule\s+({RULE_ID})", fx.read_text(), re.M))
    for src in (ROOT / "conformance/tests").glob("*.c"):
        fired |= set(re.findall(rf'"({RULE_ID}): ', src.read_text()))
    return fired


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_rule_fires_on_a_bad_input_or_is_pending(spec):
    rules, pending, fired = spec_rules(spec), pending_rules(), fired_rules()
    unchecked = set(rules) - fired - set(pending)
    assert not unchecked, f"rules with no bad input that fires them: {sorted(unchecked)}"


def test_pending_list_holds_only_unchecked_spec_rules():
    rules, pending, fired = all_rules(), pending_rules(), fired_rules()
    assert not set(pending) & fired, "checked now: remove from conformance/pending-rules.tsv"
    assert set(pending) <= set(rules)
    assert fired <= set(rules), "a case names a rule no spec defines"


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_header_rules_are_all_checked_now(spec):
    """The checker covers every rule whose party is the header."""
    rules, pending = spec_rules(spec), pending_rules()
    header_pending = {r for r in pending if rules.get(r) == "header"}
    assert header_pending == set()


def test_conformance_chapter_lists_every_rule_by_party():
    text = SPEC.read_text()
    chapter = text[re.search(r"^## \d+\. Conformance", text, re.M).start():text.index("## Appendix A")]
    listed = set(re.findall(r"IFA-[A-Z]+-\d+", chapter))
    assert listed == set(spec_rules())


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_changes_records_every_rule(spec):
    """Every rule in force was announced by the release that added it."""
    changes = (ROOT / "CHANGES").read_text()
    assert set(re.findall(RULE_ID, changes)) >= set(spec_rules(spec))


def test_rule_checks_table_is_current():
    """conformance/rule-checks.tsv says truly how each rule is checked (make regen writes it)."""
    proc = subprocess.run([sys.executable, ROOT / "conformance/tools/rule_checks.py", TOOL, "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in
            (ROOT / "conformance/rule-checks.tsv").read_text().splitlines()[1:]]
    assert {rule for rule, *_ in rows} == set(all_rules())
    assert not [r for r in rows if r[2] == "unchecked"]
    # Only a rule of the header is judged on headers.
    assert all(how != "header" or party == "header" for _, party, how, _ in rows)
