#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""An example of glue for spec/role-protocol.md, in Python 3 with the standard library only.

It plays four roles: the record reader of the first spec (`decode`), and the
iommufd record reader, fault-descriptor reader and response writer
(`iofd-decode`, `iofd-read`, `iofd-respond`). Every other request is
answered `unsupported`, which the harness shows as skipped:

    make check-roles IMPL='/usr/bin/python3 conformance/roles/example/roles.py'

Bytes travel in the host's byte order; `--byte-order big` reads them as a
big-endian host would. The harness does not pass its own --byte-order on:
give it to both, as in
    check-roles --byte-order big /usr/bin/python3 roles.py --byte-order big
"""
import struct
import sys

ORDER = "<" if sys.byteorder == "little" else ">"
if sys.argv[1:3] == ["--byte-order", "big"]:
    ORDER = ">"
elif sys.argv[1:3] == ["--byte-order", "little"]:
    ORDER = "<"

PGFAULT = struct.Struct(ORDER + "IIIIIIQII")   # struct iommu_hwpt_pgfault, 40 bytes
PASID_VALID, LAST_PAGE = 1 << 0, 1 << 1
KNOWN_PERM = 0xF
CODES = {"success": 0, "invalid": 1}


def prm_or_event(r, level):
    """One record of the first spec, as Appendix B of spec/iommu-fault-abi.md prints it."""
    typ = struct.unpack_from(ORDER + "I", r, 0)[0]
    if typ == 2:
        flags, pasid, grpid, perm, addr, p0, p1 = struct.unpack_from(ORDER + "IIIIQQQ", r, 8)
        out = (f"prm grpid={grpid} perm={perm:#x} addr={addr:#x} last={flags >> 1 & 1}"
               f" needs_pasid={flags >> 3 & 1} pasid={pasid if flags & 1 else '-'}"
               f" priv={f'{p0:#x},{p1:#x}' if flags & 4 else '-'}")
        if level == "v1+gpasid":
            g = struct.unpack_from(ORDER + "I", r, 48)[0]
            out += f" gpasid={g if flags & 16 else '-'}"
        return out
    if typ == 1 and not struct.unpack_from(ORDER + "I", r, 12)[0] >> 24:
        reason, flags, pasid, perm, addr, fetch = struct.unpack_from(ORDER + "IIIIQQ", r, 8)
        return (f"event reason={reason} perm={perm:#x} pasid={pasid if flags & 1 else '-'}"
                f" addr={f'{addr:#x}' if flags & 2 else '-'}"
                f" fetch_addr={f'{fetch:#x}' if flags & 4 else '-'}")
    return f"skip type={typ}"


def pgfaults(data):
    """Records of the fault descriptor: unknown bits ignored, pasid only when valid."""
    for off in range(0, len(data) - len(data) % PGFAULT.size, PGFAULT.size):
        flags, dev, pasid, grpid, perm, _, addr, length, cookie = PGFAULT.unpack_from(data, off)
        yield flags, cookie, (f"pgfault dev={dev} grpid={grpid} perm={perm & KNOWN_PERM:#x}"
                              f" addr={addr:#x} length={length} cookie={cookie}"
                              f" last={flags >> 1 & 1} pasid={pasid if flags & PASID_VALID else '-'}")


def answer(words):
    verb, args = words[0], words[1:]
    if verb == "decode":
        level, size, data = args[0], int(args[1]), bytes.fromhex(args[2])
        return [prm_or_event(data[o:o + size], level) for o in range(0, len(data), size)]
    if verb == "iofd-decode":
        return [line for _, _, line in pgfaults(bytes.fromhex(args[0]))]
    if verb == "iofd-read":
        # Room for the largest group, in whole records; a read of 0 ("-") is not the end,
        # and EINVAL says the group is larger than the count: read again with twice it.
        size = int(args[0]) * PGFAULT.size
        lines = [f"size {size}"]
        for chunk in args[1:]:
            if chunk == "EINVAL":
                size *= 2
                lines.append(f"size {size}")
            elif chunk != "-":
                lines += [line for _, _, line in pgfaults(bytes.fromhex(chunk))]
        return lines
    if verb == "iofd-respond":
        code, data = CODES[args[0]], bytes.fromhex(args[1])
        # One struct iommu_hwpt_page_response per group, at its LAST_PAGE record.
        return ["response " + struct.pack(ORDER + "II", cookie, code).hex()
                for flags, cookie, _ in pgfaults(data) if flags & LAST_PAGE]
    return ["unsupported"]


for request in sys.stdin:
    if request.strip():
        print("\n".join(answer(request.split()) + ["end"]), flush=True)
