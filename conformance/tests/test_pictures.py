# SPDX-License-Identifier: GPL-2.0
"""Pictures: the spec as HTML (make html), `layout --format svg|html`, `check --format html`,
`diff --format html`.

Each is checked for well-formed XML, for what it must show (an anchor per
rule ID, holes and tail padding apart from fields, the growth budget), and
opened in headless Chromium, which must draw it: the screenshot holds the
colours of the drawings, not a blank page.
"""
import html.parser
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib

import pytest

from conftest import CANONICAL, ROOT, TOOL, run_tool
from test_diff import DIFF_CASES, case_headers

SPEC_HTML = ROOT / "conformance/tools/spec_html.py"
SPECS = sorted((ROOT / "spec").glob("*.md"))
SVG = "{http://www.w3.org/2000/svg}"
RULE_LINE = re.compile(r"^- \*\*([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+)\*\* \(")

# The colours the pictures draw with (formats/svg.c, spec_html.py).
FIELD = (0x9E, 0xC5, 0xEF)
HOLE = (0xE1, 0x57, 0x59)
TAIL = (0xF2, 0x8E, 0x2B)
LEFT = (0x8C, 0xD1, 0x7D)

# A header whose pictures must show everything: a hole on 64-bit ABIs and none on
# i386 or m68k, tail padding, a union with a padded growth budget, bitfields and a
# flexible array.
PICT_H = """\
/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef _UAPI_LINUX_PICT_H
#define _UAPI_LINUX_PICT_H

#include <linux/types.h>

struct pict_hole {
	__u32 perm;
	__u64 addr;
	__u32 length;
	__u16 index;
};

struct pict_rec {
	__u32 type;
	__u32 padding;
	union {
		struct pict_hole hole;
		__u8 padding2[56];
	};
};

struct pict_bits {
	__u32 a;
	__u32 lo:4, hi:4;
	__u32 b;
	__u8 data[];
};

#endif
"""
ABIS = "x86_64,i386,m68k"


def cmark_or_skip():
    if not shutil.which("cmark-gfm"):
        pytest.skip("cmark-gfm is not installed (conformance/tools/ensure-deps.sh test "
                    "installs it on Debian)")


def chromium_or_skip():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("chromium is not installed (conformance/tools/ensure-deps.sh test installs "
                "it on Debian)")


def render_spec(spec, out):
    proc = subprocess.run([sys.executable, str(SPEC_HTML), str(spec), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out.read_text(encoding="utf-8")


def as_xml(page):
    """The page parsed as XML: every page these tools write is well-formed."""
    return ET.fromstring(page.replace("<!DOCTYPE html>", "", 1))


class Ids(html.parser.HTMLParser):
    """Every id and every href="#..." of a page, as a browser's parser sees them."""

    def __init__(self, page):
        super().__init__()
        self.ids, self.hrefs = [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])


def rule_ids(md):
    """The rule IDs of a spec, read from its Markdown (fenced code left out)."""
    ids, fence = [], False
    for line in md.splitlines():
        if re.match(r"^\s*(```|~~~)", line):
            fence = not fence
            continue
        m = RULE_LINE.match(line)
        if m and not fence:
            ids.append(m.group(1))
    return ids


def tool(*args):
    """run_tool for output that may hold the path's stray byte: decoded with surrogates."""
    return subprocess.run([TOOL, *map(str, args)], capture_output=True, text=True,
                          errors="surrogateescape", timeout=300)


def pict_header(tmp_path):
    """PICT_H in a directory whose name needs escaping: XML's specials and a byte that is not UTF-8."""
    d = pathlib.Path(os.fsdecode(bytes(tmp_path) + b'/a<b&"c\xff'))
    d.mkdir()
    (d / "pict.h").write_text(PICT_H)
    return d / "pict.h"


def groups(root, cls):
    return [g for g in root.iter(SVG + "g") if g.get("class") == cls]


def struct_svg(root, name):
    """The byte map of struct name in a picture: the svg element titled with it."""
    for svg in root.iter(SVG + "svg"):
        title = svg.find(SVG + "title")
        if svg.get("class") == "bytemap" and title is not None and \
                title.text in (f"struct {name}", f"byte map of struct {name}"):
            return svg
    raise AssertionError(f"no byte map of struct {name}")


# --- the spec as HTML ----------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_spec_html(spec, tmp_path):
    cmark_or_skip()
    md = spec.read_text(encoding="utf-8")
    page = render_spec(spec, tmp_path / "spec.html")
    root = as_xml(page)
    ids = Ids(page)
    assert len(ids.ids) == len(set(ids.ids)), "an id given twice"
    rules = rule_ids(md)
    assert rules, f"{spec.name} has no rule"
    missing = [r for r in rules if r not in ids.ids]
    assert not missing, f"rules without an anchor: {missing}"
    for r in rules:
        li = root.find(f".//li[@id='{r}']")
        assert li is not None and li.find("a").get("href") == f"#{r}", r
    # Every link inside the page lands somewhere.
    dangling = sorted(set(h for h in ids.hrefs if h not in ids.ids))
    assert not dangling, dangling
    # One byte map per layout table the spec captions with a struct, and each svg well-formed.
    layouts = re.findall(r"^Table ([A-Z]+-[0-9]+) \([^)]*\): `(?:struct |union )?(\w+)`",
                         md, flags=re.M)
    figures = [f for f in root.iter("figure") if f.get("class") == "bytemap"]
    drawn = [f for f in figures if f.find(SVG + "svg") is not None]
    assert len(drawn) == len(figures)
    tables = [(t, name) for t, name in layouts
              if re.search(r"^Table " + re.escape(t) + r" .*\n\n\| Field \|", md, flags=re.M)]
    assert len(figures) == len(tables), (figures, tables)
    for svg in re.findall(r"<svg\b.*?</svg>", page, flags=re.S):
        ET.fromstring(svg)
    ring = any(re.search(r"\bmod(ulo)? 2N\b", line) for line in md.splitlines())
    assert (root.find(".//figure[@id='ring']") is not None) == ring


def test_spec_html_growth_budget(tmp_path):
    """The union's byte map shows the budget of Table B-1: bytes left as the table says."""
    cmark_or_skip()
    spec = ROOT / "spec/iommu-fault-abi.md"
    md = spec.read_text(encoding="utf-8")
    root = as_xml(render_spec(spec, tmp_path / "spec.html"))
    # The budget table, by its header: Member, Struct, Size, Budget, Bytes left.
    table = re.search(r"^\| Member \| Struct \| Size \| Budget \| Bytes left \|.*\n\|[-|: ]+\n"
                      r"((?:\|.*\n)+)", md, flags=re.M)
    assert table, "no budget table"
    rows = [[c.strip() for c in line.strip("|").split("|")][:5]
            for line in table.group(1).splitlines()]
    assert rows, "the budget table has no rows"
    svg = struct_svg(root, "iommu_fault")
    lefts = [r.find(SVG + "title").text for r in svg.iter(SVG + "rect")
             if r.get("class") == "budget-left"]
    assert lefts == [f"{left} bytes left" for _, _, _, _, left in rows]
    lanes = {r.get("y") for g in groups(svg, "field") + groups(svg, "reserved")
             for r in g.iter(SVG + "rect")}
    assert len(lanes) >= 3, "event, prm and padding2 overlap: one lane each"


def test_spec_html_teeth(tmp_path):
    """On a small spec: a loose list, a hole in a table, a mention, a retired rule, the ring."""
    cmark_or_skip()
    spec = tmp_path / "t.md"
    spec.write_text(
        "# A small spec\n\n## Rules\n\n"
        "- **TST-LAY-1** (header): `struct t` MUST be as Table L-1 says (see TST-LAY-2).\n\n"
        "- **TST-LAY-2** (retired): replaced by TST-LAY-1.\n\n"
        "- **TST-QUE-1** (both): indices run modulo 2N.\n\n"
        "```\n- **TST-LAY-1** (header): an example, not a rule\n```\n\n"
        "Table L-1 (TST-LAY-1): `struct t`, 16 bytes, alignment 8\n\n"
        "| Field | Type | Offset | Size | Gate |\n|-------|------|-------:|-----:|------|\n"
        "| a | __u32 | 0 | 4 | - |\n| b | __aligned_u64 | 8 | 8 | - |\n")
    page = render_spec(spec, tmp_path / "t.html")
    root = as_xml(page)
    for r in ("TST-LAY-1", "TST-LAY-2", "TST-QUE-1"):
        assert root.find(f".//li[@id='{r}']") is not None, r
    assert 'href="#TST-LAY-2">TST-LAY-2</a>' in page, "a mention links to its rule"
    holes = [r.find(SVG + "title").text for g in groups(struct_svg(root, "t"), "hole")
             for r in g.iter(SVG + "rect")]
    assert holes == ["no field covers bytes 4 to 7"]
    assert root.find(".//figure[@id='ring']") is not None
    # A rule line that does not render as a rule (here raw HTML swallows it) is an
    # error that names the rule, never a page without its anchor.
    bad = tmp_path / "bad.md"
    bad.write_text("# Bad\n\n<div>\n- **TST-X-1** (header): inside raw HTML\n</div>\n")
    proc = subprocess.run([sys.executable, str(SPEC_HTML), str(bad), str(tmp_path / "b.html")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "TST-X-1" in proc.stderr, proc.stderr
    assert not (tmp_path / "b.html").exists()


# --- layout --format svg / html --------------------------------------------------------------


def test_layout_svg(tmp_path):
    header = pict_header(tmp_path)
    out = run_tool("layout", header, "--format", "svg", "--abi", ABIS, check_rc=0).stdout
    root = ET.fromstring(out.encode())
    assert root.tag == SVG + "svg"
    title = root.find(SVG + "title").text
    assert 'a<b&"c\ufffd' in title, "the path is escaped, its stray byte replaced"
    hole = struct_svg(root, "pict_hole")
    rows = {g.get("data-abis"): g for g in groups(hole, "abi-row")}
    assert set(rows) == {"x86_64", "i386", "m68k"}, "each layout its own row"
    kinds = {abi: sorted(g.get("class") for g in row.iter(SVG + "g")
                         if g.get("class") in ("hole", "tail"))
             for abi, row in rows.items()}
    assert kinds == {"x86_64": ["hole", "tail"], "i386": ["tail"], "m68k": []}
    fills = {g.get("class"): g.find(SVG + "rect").get("fill") for g in hole.iter(SVG + "g")
             if g.get("class") in ("field", "hole", "tail")}
    assert len(set(fills.values())) == 3, "fields, holes and tail padding in their own colours"
    rec = struct_svg(root, "pict_rec")
    budget = [r.find(SVG + "title").text for r in rec.iter(SVG + "rect")
              if r.get("class") == "budget-left"]
    # padding2 is 56 bytes; the largest other member is 24 bytes (x86_64).
    assert budget == ["32 bytes left for growth"]
    bits = struct_svg(root, "pict_bits")
    assert groups(bits, "bitfield") and groups(bits, "flexible")
    # --struct draws one; an unknown one is an input error.
    one = run_tool("layout", header, "--format", "svg", "--abi", "x86_64", "--struct",
                   "pict_rec", check_rc=0).stdout
    assert [s.find(SVG + "title").text for s in ET.fromstring(one.encode()).iter(SVG + "svg")
            if s.get("class") == "bytemap"] == ["struct pict_rec"]
    proc = tool("layout", header, "--format", "svg", "--abi", "x86_64", "--struct", "nope")
    assert proc.returncode == 2 and "no struct nope" in proc.stderr


def test_layout_html_and_format_errors(tmp_path):
    header = pict_header(tmp_path)
    page = run_tool("layout", header, "--format=html", "--abi", ABIS, check_rc=0).stdout
    root = as_xml(page)
    sections = {s.get("id"): s for s in root.iter("section")}
    assert set(sections) == {"struct-pict_hole", "struct-pict_rec", "struct-pict_bits"}
    for s in sections.values():
        assert s.find(SVG + "svg") is not None
    for args in (("layout", "--format", "json"), ("check", "--format", "svg")):
        proc = tool(*args, header, "--abi", "x86_64")
        assert proc.returncode == 2 and "--format takes" in proc.stderr, args


# --- check --format html ---------------------------------------------------------------------


def test_check_html_report(tmp_path):
    header = pict_header(tmp_path)
    proc = run_tool("check", header, "--format", "html", "--abi", ABIS)
    assert proc.returncode == 1, proc.stderr
    root = as_xml(proc.stdout)
    report = json.loads(run_tool("check", header, "--format", "json", "--abi", ABIS).stdout)
    assert report["verdict"] == "fail"
    for name in ("pict_hole", "pict_rec", "pict_bits"):
        section = root.find(f".//section[@id='struct-{name}']")
        assert section is not None, name
        assert section.find(f"{SVG}svg") is not None, f"{name}: its byte map"
        rows = [tr for tr in section.iter("tr") if tr.get("class") == "finding"]
        expected = [f for f in report["findings"] if f["struct"] == name]
        assert len(rows) == len(expected), name
        for tr, f in zip(rows, expected):
            link = tr.find("td/a")
            assert link.text == f["rule"]
            assert link.get("href").endswith(f"#{f['rule']}")
        assert "x86_64" in "".join(section.find("ul").itertext()), f"{name}: its ABIs"
    hole = root.find(".//section[@id='struct-pict_hole']")
    assert any(g.get("class") == "hole" for g in hole.iter(SVG + "g"))


def test_check_html_canonical():
    proc = run_tool("check", CANONICAL, "--format", "html", "--abi", "x86_64,i386")
    assert proc.returncode == 0, proc.stderr
    root = as_xml(proc.stdout)
    assert "pass" in "".join(root.find(".//p[@id='verdict']").itertext())
    assert root.find(".//section[@id='struct-iommu_fault']") is not None


# --- diff --format html ----------------------------------------------------------------------


def pict_changed(tmp_path):
    """PICT_H with a field inserted before addr: the hole filled on x86_64, addr moved on
    i386 and m68k, pict_hole and the union around it grown there."""
    old = pict_header(tmp_path)
    new = old.with_name("pict-new.h")
    new.write_text(PICT_H.replace("\t__u32 perm;\n", "\t__u32 perm;\n\t__u32 flags;\n"))
    return old, new


def families(section):
    return [d for d in section.iter("div") if d.get("class") == "family"]


def test_diff_html_report(tmp_path):
    old, new = pict_changed(tmp_path)
    proc = tool("diff", old, new, "--format", "html", "--abi", ABIS)
    assert proc.returncode == 1, proc.stderr
    root = as_xml(proc.stdout)
    assert 'a<b&"c\ufffd' in root.find(".//title").text, "the path escaped, its stray byte replaced"
    assert "breaking" in "".join(root.find(".//p[@id='verdict']").itertext())
    sections = {s.get("id"): s for s in root.iter("section")}
    assert set(sections) == {"struct-pict_hole", "struct-pict_rec"}, "only the structs that changed"
    for name, section in sections.items():
        fams = families(section)
        # Each ABI in one family; each family its old and its new map, on one scale.
        abis = [a for f in fams for a in f.get("data-abis").split()]
        assert sorted(abis) == sorted(ABIS.split(",")), name
        for f in fams:
            figs = {fig.get("class"): fig.find(SVG + "svg") for fig in f.iter("figure")}
            assert set(figs) == {"old", "new"} and None not in figs.values(), name
            assert figs["old"].get("width") == figs["new"].get("width"), name
    # x86_64 lays pict_hole out alike on both sides but for the field that fills the hole.
    x86 = next(f for f in families(sections["struct-pict_hole"]) if f.get("data-abis") == "x86_64")
    drawn = {fig.get("class"): {g.get("class") for g in fig.iter(SVG + "g")}
             for fig in x86.iter("figure")}
    assert "hole" in drawn["old"] and "hole" not in drawn["new"]
    # The format is diff's own: --git still takes text or json only.
    proc = tool("diff", "--git", "HEAD..", "--format", "html")
    assert proc.returncode == 2 and "--format takes text or json" in proc.stderr


HTML_DIFF_CASES = ["conforming-extension-against-the-spec", "flag-moved-to-another-bit",
                   "field-without-gate", "struct-added-with-a-hole"]


@pytest.mark.parametrize("name", HTML_DIFF_CASES)
def test_diff_html_names_each_change_and_its_rule(name, tmp_path):
    """Every change of the JSON report is a row of the page, in the section of its struct,
    its rule linked to the spec."""
    case = next(c for c in DIFF_CASES if c["name"] == name)
    headers = case_headers(case, tmp_path)
    report = json.loads(run_tool("diff", *headers, "--format", "json", "--abi", "x86_64,i386")
                        .stdout)
    proc = run_tool("diff", *headers, "--format", "html", "--abi", "x86_64,i386")
    assert proc.returncode == case["exit"], proc.stderr
    root = as_xml(proc.stdout)
    rows = []
    for section in root.iter("section"):
        for tr in section.iter("tr"):
            if tr.get("class") != "change":
                continue
            cells = ["".join(td.itertext()) for td in tr.findall("td")]
            link = tr.find("td/a")
            assert link.text == cells[1] and link.get("href").endswith(f".html#{link.text}")
            place = section.get("id").removeprefix("struct-")
            rows.append((place if place != "header" else "", cells[0], cells[1], cells[2],
                         cells[3], cells[4], cells[5]))
    expected = [(c["struct"], c["class"], c["rule"], c["field"],
                 " ".join(c["abis"]) or "every ABI", c["old"], c["new"])
                for c in report["changes"]]
    assert sorted(rows) == sorted(expected)
    assert {r for _, _, r, *_ in rows} == {c.split()[1] for c in case["changes"]}


# --- drawn by a browser ----------------------------------------------------------------------


def png_pixels(path):
    """The pixels of an 8-bit RGB or RGBA PNG, as (r, g, b) tuples."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and ctype in (2, 6) and not interlace, (depth, ctype, interlace)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    prev, pixels, i = bytearray(stride), [], 0
    for _ in range(height):
        ftype, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        pixels.extend(tuple(line[x:x + 3]) for x in range(0, stride, bpp))
        prev = line
    return pixels


def screenshot(chromium, page, png, tmp_path, size="1200,900"):
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
                           f"--screenshot={png}", f"--window-size={size}",
                           page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert png.exists(), f"chromium wrote no screenshot: {proc.stderr[-2000:]}"
    return png_pixels(png)


def dom(chromium, page, tmp_path):
    proc = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}",
                           "--dump-dom", page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def has_colour(pixels, colour):
    return any(all(abs(p[k] - colour[k]) <= 3 for k in range(3)) for p in set(pixels))


def test_chromium_draws_them(tmp_path):
    chromium = chromium_or_skip()
    cmark_or_skip()
    # The spec: its figures, in the page's own style, drawn; the whole page parsed with them.
    spec_page = tmp_path / "iommu-fault-abi.html"
    page = render_spec(ROOT / "spec/iommu-fault-abi.md", spec_page)
    figures = re.findall(r"<figure\b.*?</figure>", page, flags=re.S)
    style = re.search(r"<style>.*?</style>", page, flags=re.S).group(0)
    only = tmp_path / "figures.html"
    only.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'/>" + style +
                    "</head><body>" + "".join(f for f in figures if 'id="bytemap-iommu_fault"'
                                              in f or 'id="ring"' in f) + "</body></html>")
    pixels = screenshot(chromium, only, tmp_path / "spec.png", tmp_path, "1100,900")
    assert len(set(pixels)) > 16, "a blank screenshot"
    assert has_colour(pixels, FIELD) and has_colour(pixels, LEFT), "no byte map, no budget"
    parsed = dom(chromium, spec_page, tmp_path)
    assert parsed.count("<svg") == page.count("<svg") > 0
    assert 'id="IFA-PORT-2"' in parsed

    header = pict_header(tmp_path)
    svg = tmp_path / "layout.svg"
    svg.write_text(run_tool("layout", header, "--format", "svg", "--abi", ABIS,
                            check_rc=0).stdout, encoding="utf-8")
    pixels = screenshot(chromium, svg, tmp_path / "layout.png", tmp_path)
    assert len(set(pixels)) > 16, "a blank screenshot"
    for colour in (FIELD, HOLE, TAIL, LEFT):
        assert has_colour(pixels, colour), f"colour {colour} not drawn"

    report = tmp_path / "report.html"
    report.write_text(run_tool("check", header, "--format", "html", "--abi", ABIS).stdout,
                      encoding="utf-8")
    pixels = screenshot(chromium, report, tmp_path / "report.png", tmp_path, "1200,1800")
    assert len(set(pixels)) > 16, "a blank screenshot"
    assert has_colour(pixels, HOLE), "the byte map of pict_hole, with its hole"
    parsed = dom(chromium, report, tmp_path)
    assert parsed.count("<svg") == 3 and 'id="struct-pict_hole"' in parsed


def test_chromium_draws_the_diff(tmp_path):
    """diff --format html: the maps old beside new, the old one with its hole, drawn."""
    chromium = chromium_or_skip()
    old, new = pict_changed(tmp_path)
    page = tmp_path / "diff.html"
    text = tool("diff", old, new, "--format", "html", "--abi", ABIS).stdout
    page.write_text(text, encoding="utf-8", errors="surrogateescape")
    pixels = screenshot(chromium, page, tmp_path / "diff.png", tmp_path, "1200,1200")
    assert len(set(pixels)) > 16, "a blank screenshot"
    for colour in (FIELD, HOLE, TAIL):
        assert has_colour(pixels, colour), f"colour {colour} not drawn"
    parsed = dom(chromium, page, tmp_path)
    nfamilies = text.count('<div class="family"')
    assert nfamilies >= 4 and parsed.count("<svg") == text.count("<svg") == 2 * nfamilies
    assert 'id="struct-pict_hole"' in parsed and 'id="struct-pict_rec"' in parsed
