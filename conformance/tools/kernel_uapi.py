#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Fetch a kernel's own UAPI header from Debian's archive, for tests on real headers.

    kernel_uapi.py SUITE HEADER DEST_DIR

Reads the suite's package index, downloads the linux-libc-dev it lists
(the kernel's `make headers_install` output) and extracts
usr/include/HEADER into DEST_DIR/SUITE/. Prints the path and the package
version. Exit 0 on success, 1 with a one-line reason when the archive
cannot be reached or has no such header (the tests then skip, naming it).
"""
import lzma
import pathlib
import re
import subprocess
import sys
import tempfile
import urllib.request

TIMEOUT = 60


def mirror():
    """The Debian mirror apt uses here, else deb.debian.org."""
    for f in [pathlib.Path("/etc/apt/sources.list"),
              *pathlib.Path("/etc/apt/sources.list.d").glob("*")]:
        try:
            text = f.read_text()
        except OSError:
            continue
        m = re.search(r"(https?://\S+/debian)/?(\s|$)", text)
        if m:
            return m.group(1)
    return "http://deb.debian.org/debian"


def main(suite, header, dest):
    out = pathlib.Path(dest) / suite
    target = out / header
    stamp = out / "version"
    if target.exists() and stamp.exists():
        print(target, stamp.read_text().strip())
        return 0
    base = mirror()
    try:
        with urllib.request.urlopen(f"{base}/dists/{suite}/main/binary-all/Packages.xz",
                                    timeout=TIMEOUT) as r:
            index = lzma.decompress(r.read()).decode("utf-8", "replace")
    except Exception as e:  # any network or format failure: a reason, not a trace
        print(f"{base}: cannot read the {suite} package index: {e}", file=sys.stderr)
        return 1
    best = None
    for stanza in index.split("\n\n"):
        if re.search(r"^Package: linux-libc-dev$", stanza, re.M):
            ver = re.search(r"^Version: (\S+)", stanza, re.M).group(1)
            fn = re.search(r"^Filename: (\S+)", stanza, re.M).group(1)
            if best is None or subprocess.run(["dpkg", "--compare-versions", ver, "gt",
                                               best[0]]).returncode == 0:
                best = (ver, fn)
    if not best:
        print(f"{suite}: no linux-libc-dev in its index", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        deb = pathlib.Path(tmp) / "p.deb"
        try:
            with urllib.request.urlopen(f"{base}/{best[1]}", timeout=TIMEOUT) as r:
                deb.write_bytes(r.read())
        except Exception as e:
            print(f"{base}/{best[1]}: cannot download: {e}", file=sys.stderr)
            return 1
        tar = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True)
        x = subprocess.run(["tar", "-x", "-C", tmp, f"./usr/include/{header}"],
                           input=tar.stdout, capture_output=True)
        got = pathlib.Path(tmp) / "usr/include" / header
        if tar.returncode or x.returncode or not got.exists():
            print(f"linux-libc-dev {best[0]}: has no usr/include/{header}", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(got.read_bytes())
        stamp.write_text(best[0] + "\n")
    print(target, best[0])
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: kernel_uapi.py SUITE HEADER DEST_DIR")
    sys.exit(main(*sys.argv[1:]))
