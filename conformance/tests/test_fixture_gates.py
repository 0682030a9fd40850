# SPDX-License-Identifier: GPL-2.0
"""Every gated field of every record type is in a fixture with its gate set and one with it clear.

A fixture with the gate clear holds data in the field all the same, so a
decoder that reads the field without its gate (IFA-GROW-6) prints it and
is caught. The gated fields and their gates come from the spec's layout
tables, not from a list kept here.
"""
import re

from conftest import ROOT, SPEC

MEMBERS = {"iommu_fault_unrecoverable": "event", "iommu_fault_page_request": "prm"}


def spec_tables():
    """({member: {field: gate}}, {flag: value})"""
    text = SPEC.read_text()
    gates, flags = {}, {}
    for m in re.finditer(r"^Table L-\d+ \(IFA-LAY-\d+\): `struct (\w+)`.*\n\n((?:\|.*\n)+)", text, re.M):
        if m[1] not in MEMBERS:
            continue
        for row in m[2].splitlines()[2:]:
            cells = [c.strip() for c in row.strip("|").split("|")]
            if cells[5] not in ("-", "reserved"):
                gates.setdefault(MEMBERS[m[1]], {})[cells[0]] = cells[5]
    for name, shift in re.findall(r"^\| (IOMMU_FAULT_\w+) \| 1 << (\d+) \|", text, re.M):
        flags[name] = 1 << int(shift)
    return gates, flags


def fixture_records():
    """Each record of fixtures/records.txt: {key: value} of one record."""
    text = (ROOT / "fixtures/records.txt").read_text()
    for section in re.split(r"^\[", text, flags=re.M)[1:]:
        record = {}
        for line in section.splitlines()[1:]:
            key, _, value = line.partition(" ")
            if key == "record":
                yield record
                record = {}
            elif key and not key.startswith("#"):
                record[key] = value.strip()
        yield record


def test_every_gate_is_exercised_set_and_clear():
    gates, flags = spec_tables()
    assert gates["event"] and gates["prm"], "the spec's layout tables name no gated field"
    missing = []
    for member, fields in gates.items():
        for field, gate in fields.items():
            seen = set()
            for rec in fixture_records():
                data = any(k == f"{member}.{field}" or k.startswith(f"{member}.{field}[")
                           for k, v in rec.items() if k.startswith(member + ".") and int(v, 0))
                bit = int(rec.get(f"{member}.flags", "0"), 0) & flags[gate]
                if data:
                    seen.add("set" if bit else "clear")
            missing += [f"{member}.{field} with {gate} {s}" for s in ("set", "clear") if s not in seen]
    assert not missing, f"no fixture holds data in: {missing}"
