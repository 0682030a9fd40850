#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""How every rule of both specs is checked: conformance/rule-checks.tsv.

    rule_checks.py TOOL --write   rewrite it (make regen; review the diff)
    rule_checks.py TOOL --check   exit 1 when it is stale (make check)

One line per rule in force, with its party and one of:

    header      judged by `check` or `diff` on any header (a bad header or
                header pair fires it)
    roles       judged on any implementation, in any language, through the
                role protocol (a fixture of a role fires it)
    reference   fired only against this project's reference implementation
                and its wrong builds (its Check suite, the group, setup and
                queue scripts, the iommufd kernel model): the fixtures have
                teeth, but no third-party implementation is run
    pending     fired by nothing yet; conformance/pending-rules.tsv says why

The last column names what fires it. Everything is read from the specs,
the cases, the fixtures and the tests, never written by hand.
"""
import pathlib
import re
import subprocess
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPECS = ["spec/iommu-fault-abi.md", "spec/iommufd-fault.md"]
OUT = ROOT / "conformance/rule-checks.tsv"
RULE = r"[A-Z]+-[A-Z]+-\d+"


def spec_rules(tool, spec):
    out = subprocess.run([tool, "rules", "--spec", str(ROOT / spec)], capture_output=True,
                         text=True, check=True).stdout
    return [tuple(line.split("\t")) for line in out.splitlines()]


def role_fixture_files():
    """The fixture files of the role protocol's roles (spec/role-protocol.md, section 3)."""
    text = (ROOT / "spec/role-protocol.md").read_text()
    return set(re.findall(r"^\| [a-z-]+ \| `[a-z-]+` \| ([a-z-]+\.txt) \|", text, re.M))


def fired_by():
    """{rule: set of what fires it}, by kind: header, roles, reference."""
    fired = {"header": {}, "roles": {}, "reference": {}}

    def add(kind, rule, what):
        fired[kind].setdefault(rule, set()).add(what)

    for path in sorted((ROOT / "conformance/cases").glob("*/*.toml")):
        with open(path, "rb") as f:
            for rule in tomllib.load(f)["rules"]:
                add("header", rule, "conformance/cases")
    for pairs in sorted((ROOT / "conformance/bad").glob("*diff-cases.toml")):
        with open(pairs, "rb") as f:
            for case in tomllib.load(f)["case"]:
                for change in case["changes"]:
                    add("header", change.split()[1], f"conformance/bad/{pairs.name}")
    roles = role_fixture_files()
    for fx in sorted((ROOT / "fixtures").glob("*.txt")):
        kind = "roles" if fx.name in roles else "reference"
        for rule in re.findall(rf"^rule\s+({RULE})", fx.read_text(), re.M):
            add(kind, rule, f"fixtures/{fx.name}")
    for src in sorted((ROOT / "conformance/tests").glob("*.c")):
        for rule in re.findall(rf'"({RULE}): ', src.read_text()):
            add("reference", rule, f"conformance/tests/{src.name}")
    return fired


def table(tool):
    pending = {line.split("\t")[0] for line in
               (ROOT / "conformance/pending-rules.tsv").read_text().splitlines()
               if line and not line.startswith("#")}
    fired = fired_by()
    lines = ["# rule\tparty\thow\tfired by  (written by conformance/tools/rule_checks.py; "
             "see its text for what each `how` means)"]
    for spec in SPECS:
        for rule, party in spec_rules(tool, spec):
            if party == "retired":
                continue
            for how in ("header", "roles", "reference"):
                if rule in fired[how]:
                    where = ", ".join(sorted(fired[how][rule]))
                    break
            else:
                how, where = ("pending", "conformance/pending-rules.tsv") if rule in pending \
                    else ("unchecked", "-")
            lines.append(f"{rule}\t{party}\t{how}\t{where}")
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("--write", "--check"):
        sys.exit(__doc__)
    text = table(sys.argv[1])
    if sys.argv[2] == "--write":
        OUT.write_text(text)
        return
    if not OUT.exists() or OUT.read_text() != text:
        sys.exit(f"{OUT.relative_to(ROOT)} is stale: run make regen and review the diff")


if __name__ == "__main__":
    main()
