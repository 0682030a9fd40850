#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Renders a spec of spec/ to one self-contained HTML page.

    spec_html.py SPEC.md OUT.html

cmark-gfm (with its table extension) turns the Markdown into HTML; this
script then gives every rule its ID as an anchor (so that a review can link
to #IFA-PORT-2), links every mention of a rule to it, gives each heading and
each table caption an anchor, and draws, as inline SVG:

- after every layout table (Field, Type, Offset, Size), the struct's byte
  map as the table states it: fields, reserved fields, members of a union
  on lanes of their own, and, from the growth-budget table (Member, Struct,
  Size, Budget, Bytes left), the budget as a bar;
- after the list of rules that says indices run modulo 2N, the fault queue
  as a ring of N slots in three states: empty, wrapped and full.

Everything drawn is read from the spec's own tables: nothing is known here
of any struct. Exit status: 0, 1 when cmark-gfm fails or is missing, 2 for
a usage error.
"""

import html
import math
import os
import re
import shutil
import subprocess
import sys

CSS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spec_html.css")

# A rule item as spec.c reads it: - **PREFIX-FAMILY-N** (party): text
RULE_ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+"
RULE_LINE = re.compile(r"^- \*\*(" + RULE_ID + r")\*\* \(([a-z]+)\)")

# Colours of the checker's byte maps (formats/svg.c), so that both pictures read alike.
C_FIELD = ("#9ec5ef", "#c6dcf5")
C_RESERVED = "#d9d9d9"
C_HOLE = "#e15759"
C_LEFT = "#8cd17d"
C_STROKE = "#33475b"
CHAR_W = 6.7


def esc(s):
    return html.escape(str(s), quote=True)


# --- the spec's tables, read from the Markdown ---------------------------------


def split_row(line):
    cells = line.strip()
    if cells.startswith("|"):
        cells = cells[1:]
    if cells.endswith("|"):
        cells = cells[:-1]
    return [c.strip() for c in cells.split("|")]


def strip_md(text):
    """A cell's text without Markdown's code spans and emphasis."""
    return re.sub(r"[`*]", "", text).strip()


def md_tables(md):
    """Every GFM table of the Markdown, in order: caption, header, rows.

    The caption is the paragraph just before the table, when it starts with
    "Table". Tables inside fenced code are not tables.
    """
    lines = md.split("\n")
    tables, fence, para, last, i = [], None, [], "", 0
    delim = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        m = re.match(r"^(```+|~~~+)", stripped)
        if fence:
            if m and stripped.startswith(fence):
                fence = None
            i += 1
            continue
        if m:
            fence = m.group(1)
            para = []
            i += 1
            continue
        if stripped.startswith("|") and i + 1 < len(lines) and delim.match(lines[i + 1].strip()):
            header = [strip_md(c) for c in split_row(stripped)]
            rows, i = [], i + 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append([strip_md(c) for c in split_row(lines[i])])
                i += 1
            caption = " ".join(para).strip() or last
            tables.append({"caption": caption if caption.startswith("Table") else "",
                           "header": header, "rows": rows})
            para, last = [], ""
            continue
        if not stripped:
            if para:
                last = " ".join(para).strip()
            para = []
        else:
            para.append(stripped)
        i += 1
    return tables


def column(table, name):
    for k, h in enumerate(table["header"]):
        if h.lower() == name:
            return k
    return None


def as_int(text):
    try:
        return int(text, 0)
    except ValueError:
        return None


def layout_of(table):
    """A layout table as {name, table_id, size, fields}, or None."""
    cols = {n: column(table, n) for n in ("field", "type", "offset", "size", "gate")}
    if cols["field"] is None or cols["offset"] is None or cols["size"] is None:
        return None
    m = re.match(r"Table ([A-Z]+-[0-9]+)\b.*?`(?:struct |union )?([A-Za-z_][A-Za-z0-9_]*)`"
                 r"(?:, ([0-9]+) bytes)?", table["caption"])
    if not m:
        return None  # a table of fields that lays out no whole struct (an example's rows)
    fields = []
    for row in table["rows"]:
        get = lambda n: row[cols[n]] if cols[n] is not None and cols[n] < len(row) else ""
        off, size = as_int(get("offset")), as_int(get("size"))
        if off is None or size is None:
            continue
        fields.append({"name": get("field"), "type": get("type"), "offset": off,
                       "size": size, "gate": get("gate")})
    if not fields:
        return None
    end = max(f["offset"] + f["size"] for f in fields)
    size = int(m.group(3)) if m.group(3) else end
    return {"name": m.group(2), "table_id": m.group(1), "size": max(size, end), "fields": fields}


def budgets_of(tables):
    """The growth-budget rows: member, struct, size, budget, bytes left."""
    out = []
    for t in tables:
        cols = {n: column(t, n) for n in ("member", "struct", "size", "budget", "bytes left")}
        if any(v is None for v in cols.values()):
            continue
        for row in t["rows"]:
            vals = {n: row[k] if k < len(row) else "" for n, k in cols.items()}
            nums = [as_int(vals[n]) for n in ("size", "budget", "bytes left")]
            if None in nums:
                continue
            out.append({"member": vals["member"], "struct": vals["struct"], "size": nums[0],
                        "budget": nums[1], "left": nums[2],
                        "table_id": (re.match(r"Table ([A-Z]+-[0-9]+)", t["caption"]) or
                                     [None, ""])[1]})
    return out


# --- drawings ------------------------------------------------------------------------


def text_fit(text, width):
    fit = int((width - 4) / CHAR_W)
    if fit >= len(text):
        return text
    return text[: fit - 1] + "\u2026" if fit >= 3 else ""


def bytemap_svg(lay, budgets, table_ids):
    """The byte map of one layout table, and the budget bars of its union members."""
    size = lay["size"]
    scale = min(28.0, 960.0 / size) if size > 0 else 28.0
    pad, lane_h = 12, 24
    width = max(640, int(pad * 2 + scale * size + 30))
    x = lambda b: pad + scale * b

    # Lanes: each field on the first lane free at its offset, so union members stack.
    lanes, placed = [], []
    for f in lay["fields"]:
        lane = next((k for k, end in enumerate(lanes) if end <= f["offset"]), None)
        if lane is None:
            lanes.append(0)
            lane = len(lanes) - 1
        lanes[lane] = f["offset"] + f["size"]
        placed.append((f, lane))
    nlanes = max(1, len(lanes))
    covered = [False] * size
    for f in lay["fields"]:
        for b in range(f["offset"], min(size, f["offset"] + f["size"])):
            covered[b] = True
    holes, b = [], 0
    while b < size:
        if covered[b]:
            b += 1
            continue
        start = b
        while b < size and not covered[b]:
            b += 1
        holes.append((start, b))
    mine = []
    for bu in budgets:
        for f in lay["fields"]:
            if f["name"] == bu["member"] and strip_md(f["type"]) == bu["struct"]:
                mine.append((bu, f))
    # The union the budget is counted in: the largest field at the member's offset.
    top = 30
    height = top + nlanes * lane_h + 22 + 44 * len(mine) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bytemap" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-family="monospace" '
           f'font-size="11" role="img">',
           f'<title>byte map of struct {esc(lay["name"])}</title>',
           f'<text x="{pad}" y="18" font-size="13" font-weight="bold">struct '
           f'{esc(lay["name"])}: {size} bytes (Table {esc(lay["table_id"])})</text>']
    for k, (f, lane) in enumerate(placed):
        w, y = scale * f["size"], top + lane * lane_h
        reserved = f["gate"] == "reserved"
        fill = C_RESERVED if reserved else C_FIELD[k % 2]
        cls = "reserved" if reserved else "field"
        tip = f'{f["type"]} {f["name"]}: offset {f["offset"]}, size {f["size"]}'
        if f["gate"] and f["gate"] not in ("-", "reserved"):
            tip += f', valid when {f["gate"]}'
        rect = (f'<rect x="{x(f["offset"]):.1f}" y="{y}" width="{max(w, 0.5):.1f}" '
                f'height="{lane_h}" fill="{fill}" stroke="{C_STROKE}"><title>{esc(tip)}</title>'
                f'</rect>')
        label = text_fit(f["name"], w)
        if label:
            rect += (f'<text class="label" x="{x(f["offset"]) + w / 2:.1f}" y="{y + 16}" '
                     f'text-anchor="middle">{esc(label)}</text>')
        # An embedded struct links to its own table.
        target = table_ids.get(re.sub(r"^(struct|union) ", "", strip_md(f["type"])))
        if target:
            rect = f'<a href="#{esc(target)}">{rect}</a>'
        out.append(f'<g class="{cls}">{rect}</g>')
    for start, end in holes:
        out.append(f'<g class="hole"><rect x="{x(start):.1f}" y="{top}" '
                   f'width="{scale * (end - start):.1f}" height="{nlanes * lane_h}" '
                   f'fill="{C_HOLE}" stroke="{C_STROKE}"><title>no field covers bytes {start} '
                   f'to {end - 1}</title></rect></g>')
    # Ticks at every power of two of bytes that leaves room for its number.
    axis_y, step = top + nlanes * lane_h + 1, 1
    while scale * step < 34:
        step *= 2
    out.append(f'<g class="axis"><line x1="{x(0):.1f}" y1="{axis_y}" x2="{x(size):.1f}" '
               f'y2="{axis_y}" stroke="#777"/>')
    ticks = list(range(0, size + 1, step))
    if ticks[-1] != size:
        if x(size) - x(ticks[-1]) < 24:
            ticks.pop()
        ticks.append(size)
    for t in ticks:
        out.append(f'<line x1="{x(t):.1f}" y1="{axis_y}" x2="{x(t):.1f}" y2="{axis_y + 4}" '
                   f'stroke="#777"/><text class="tick" x="{x(t):.1f}" y="{axis_y + 13}" '
                   f'text-anchor="middle" font-size="9">{t}</text>')
    out.append("</g>")
    y = axis_y + 22
    for bu, f in mine:
        bx, used = x(f["offset"]), scale * bu["size"]
        whole = scale * bu["budget"]
        out.append(f'<g class="budget"><text x="{bx:.1f}" y="{y + 11}">growth budget of '
                   f'{esc(bu["member"])} (Table {esc(bu["table_id"])}): {bu["size"]} of '
                   f'{bu["budget"]} bytes used, {bu["left"]} left</text>')
        out.append(f'<rect class="budget-used" x="{bx:.1f}" y="{y + 16}" '
                   f'width="{min(used, whole):.1f}" height="16" fill="{C_FIELD[0]}" '
                   f'stroke="{C_STROKE}"><title>{esc(bu["member"])}: {bu["size"]} bytes'
                   f'</title></rect>')
        if bu["left"] > 0:
            out.append(f'<rect class="budget-left" x="{bx + scale * (bu["budget"] - bu["left"]):.1f}" '
                       f'y="{y + 16}" width="{scale * bu["left"]:.1f}" height="16" '
                       f'fill="{C_LEFT}" stroke="{C_STROKE}"><title>{bu["left"]} bytes left'
                       f'</title></rect>')
        out.append("</g>")
        y += 44
    legend = [(C_FIELD[0], "field"), (C_RESERVED, "reserved"), (C_HOLE, "no field"),
              (C_LEFT, "budget left")]
    lx = pad
    out.append('<g class="legend">')
    for fill, name in legend:
        out.append(f'<rect x="{lx}" y="{y + 4}" width="12" height="12" fill="{fill}" '
                   f'stroke="{C_STROKE}"/><text x="{lx + 16}" y="{y + 14}" font-size="9">'
                   f'{esc(name)}</text>')
        lx += int(28 + 6 * len(name))
    out.append("</g></svg>")
    return "\n".join(out), len(lanes) > 1


def ring_svg(n=8):
    """The fault queue as a ring of n slots, in three states, indices modulo 2n."""
    states = [("empty", 3, 3), ("wrapped", 13, 2), ("full", 5, 13)]
    cell, r_out, r_in = 320, 96, 62
    width, height = cell * len(states), 350
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ring" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" font-family="monospace" '
           f'font-size="11" role="img">',
           f'<title>the fault queue as a ring of N = {n} slots; head and tail run modulo '
           f'2N = {2 * n}</title>']

    def point(cx, cy, r, slot_pos):
        a = math.radians(-90 + 360.0 * slot_pos / n)
        return cx + r * math.cos(a), cy + r * math.sin(a)

    for k, (name, tail, head) in enumerate(states):
        cx, cy = cell * k + cell / 2, 160
        count = (head - tail) % (2 * n)
        held = {(tail + i) % n for i in range(count)}
        out.append(f'<g class="ring-state" data-state="{name}">')
        for s in range(n):
            a0, a1 = point(cx, cy, r_out, s), point(cx, cy, r_out, s + 1)
            b1, b0 = point(cx, cy, r_in, s + 1), point(cx, cy, r_in, s)
            fill = C_FIELD[0] if s in held else "#ffffff"
            out.append(f'<path class="slot{" held" if s in held else ""}" '
                       f'd="M{a0[0]:.1f},{a0[1]:.1f} A{r_out},{r_out} 0 0 1 {a1[0]:.1f},{a1[1]:.1f} '
                       f'L{b1[0]:.1f},{b1[1]:.1f} A{r_in},{r_in} 0 0 0 {b0[0]:.1f},{b0[1]:.1f} Z" '
                       f'fill="{fill}" stroke="{C_STROKE}"><title>slot {s}: indices {s} and '
                       f'{s + n}{", holds a record" if s in held else ""}</title></path>')
            tx, ty = point(cx, cy, (r_out + r_in) / 2, s + 0.5)
            out.append(f'<text x="{tx:.1f}" y="{ty + 4:.1f}" text-anchor="middle" '
                       f'font-weight="bold">{s}</text>')
            ox, oy = point(cx, cy, r_out + 14, s + 0.5)
            out.append(f'<text x="{ox:.1f}" y="{oy + 3:.1f}" text-anchor="middle" '
                       f'font-size="9" fill="#555">{s}|{s + n}</text>')
        for label, index, skew, colour in (("head", head, 0.62, "#b22"),
                                           ("tail", tail, 0.38, "#264")):
            # An arrow from the centre towards the slot of the index; head and tail
            # lean apart within a slot so that both show when they share it.
            px, py = point(cx, cy, r_in - 4, index % n + skew)
            qx, qy = point(cx, cy, 6, index % n + skew)
            out.append(f'<line class="{label}" x1="{qx:.1f}" y1="{qy:.1f}" x2="{px:.1f}" '
                       f'y2="{py:.1f}" stroke="{colour}" stroke-width="2.5" '
                       f'marker-end="url(#arrow-{label})"/>')
        out.append(f'<text x="{cx}" y="{cy + r_out + 40}" text-anchor="middle" '
                   f'font-weight="bold">{esc(name)}</text>')
        out.append(f'<text x="{cx}" y="{cy + r_out + 56}" text-anchor="middle">'
                   f'<tspan fill="#b22">head = {head}</tspan>, '
                   f'<tspan fill="#264">tail = {tail}</tspan></text>')
        out.append(f'<text x="{cx}" y="{cy + r_out + 72}" text-anchor="middle">'
                   f'(head \u2212 tail) mod {2 * n} = {count}'
                   f'{" = N" if count == n else ""}</text>')
        out.append("</g>")
    out.insert(2, '<defs>' + "".join(
        f'<marker id="arrow-{l}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" '
        f'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 Z" fill="{c}"/></marker>'
        for l, c in (("head", "#b22"), ("tail", "#264"))) + '</defs>')
    out.append(f'<text x="12" y="22">N = {n} (an example): index i designates slot i mod N; '
               f'each slot is named by two indices, i and i + N.</text>')
    out.append("</svg>")
    return "\n".join(out)


# --- the HTML ------------------------------------------------------------------------


def slug(text):
    s = re.sub(r"<[^>]+>", "", text)
    s = html.unescape(s).lower()
    s = re.sub(r"[^a-z0-9 -]", "", s).strip()
    return re.sub(r"[ ]+", "-", s) or "section"


def anchor_rules(body, ids):
    """<li><strong>ID</strong> (party) becomes an anchored, self-linking rule."""
    def repl(m):
        rid = m.group(3)
        if rid in ids:
            return m.group(0)
        ids.append(rid)
        party = m.group(4)
        return (f'<li id="{rid}" class="rule party-{esc(party)}">{m.group(2)}'
                f'<a class="rule-id" href="#{rid}"><strong>{rid}</strong></a> ({party})')
    return re.sub(r"(<li>)(\s*(?:<p>)?)<strong>(" + RULE_ID + r")</strong> \(([a-z]+)\)",
                  repl, body)


def anchor_headings(body, taken):
    def repl(m):
        level, inner = m.group(1), m.group(2)
        base = slug(inner)
        name, k = base, 2
        while name in taken:
            name, k = f"{base}-{k}", k + 1
        taken.add(name)
        return f'<h{level} id="{name}">{inner}</h{level}>'
    return re.sub(r"<h([1-6])>(.*?)</h\1>", repl, body)


def anchor_captions(body, taken):
    """<p>Table L-3 (...)</p> gets the id table-L-3."""
    def repl(m):
        tid = "table-" + m.group(1)
        if tid in taken:
            return m.group(0)
        taken.add(tid)
        return f'<p id="{tid}" class="caption">Table {m.group(1)}'
    return re.sub(r"<p>Table ([A-Z]+-[0-9]+)\b", repl, body)


def link_mentions(body, ids):
    """Every mention of a known rule ID in text links to it, except in code, links and rules' own IDs."""
    known = set(ids)
    pattern = re.compile(r"(?<![\w-])(" + RULE_ID + r")(?![\w-])")
    parts = re.split(r"(<[^>]*>)", body)
    skip = {"a": 0, "code": 0, "pre": 0}
    out = []
    for part in parts:
        if part.startswith("<"):
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in skip:
                skip[m.group(2).lower()] += -1 if m.group(1) else 1
            out.append(part)
        elif any(skip.values()):
            out.append(part)
        else:
            out.append(pattern.sub(lambda m: f'<a href="#{m.group(1)}">{m.group(1)}</a>'
                                   if m.group(1) in known else m.group(1), part))
    return "".join(out)


def insert_bytemaps(body, tables):
    """After each layout table of the HTML, its byte map: tables match in order and header."""
    layouts = [layout_of(t) for t in tables]
    budgets = budgets_of(tables)
    table_ids = {lay["name"]: "table-" + lay["table_id"] for lay in layouts
                 if lay and lay["table_id"]}
    pieces = re.split(r"(<table>.*?</table>)", body, flags=re.S)
    k, taken = 0, set()
    out = []
    for piece in pieces:
        out.append(piece)
        if not piece.startswith("<table>"):
            continue
        if k < len(tables):
            heads = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
                     for h in re.findall(r"<th[^>]*>(.*?)</th>", piece, flags=re.S)]
            if heads == tables[k]["header"] and layouts[k]:
                lay = layouts[k]
                fid, n = f'bytemap-{lay["name"]}', 2
                while fid in taken:
                    fid, n = f'bytemap-{lay["name"]}-{n}', n + 1
                taken.add(fid)
                svg, union = bytemap_svg(lay, budgets, table_ids)
                out.append(f'\n<figure class="bytemap" id="{esc(fid)}">\n{svg}\n'
                           f'<figcaption>The bytes of <code>struct {esc(lay["name"])}</code> as '
                           f'Table {esc(lay["table_id"])} lays them out'
                           f'{"; members of a union share their bytes, one lane each" if union else ""}'
                           f'.</figcaption>\n</figure>\n')
            elif heads != tables[k]["header"]:
                print(f"spec_html.py: table {k + 1} of the HTML is not table {k + 1} of the "
                      f"Markdown; no byte maps drawn from here on", file=sys.stderr)
                k = len(tables)
        k += 1
    return "".join(out)


def insert_ring(body):
    """The ring after the list of rules that says indices run modulo 2N."""
    for m in re.finditer(r'<li id="(' + RULE_ID + r')"[^>]*>(.*?)</li>', body, flags=re.S):
        if not re.search(r"\b(modulo|mod) 2N\b", re.sub(r"<[^>]+>", "", m.group(2))):
            continue
        end = body.find("</ul>", m.end())
        if end < 0:
            return body
        end += len("</ul>")
        rid = m.group(1)
        figure = (f'\n<figure class="ring" id="ring">\n{ring_svg()}\n<figcaption>The queue '
                  f'as <a href="#{rid}">{rid}</a> runs it: <code>head</code> and '
                  f'<code>tail</code> lie in [0, 2N) and the queue holds (head \u2212 tail) '
                  f'mod 2N records. Empty and full both put head and tail on one slot; only '
                  f'the indices, N apart when full, tell them apart.</figcaption>\n</figure>\n')
        return body[:end] + figure + body[end:]
    return body


def render(md_path):
    with open(md_path, encoding="utf-8") as f:
        md = f.read()
    cmark = shutil.which("cmark-gfm")
    if not cmark:
        raise RuntimeError("cmark-gfm is not installed (Debian: apt-get install cmark-gfm)")
    proc = subprocess.run([cmark, "--extension", "table", "--extension", "strikethrough",
                           "--extension", "autolink", "--to", "html", md_path],
                          capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"cmark-gfm failed on {md_path}: {proc.stderr.strip()}")
    body = proc.stdout
    ids, taken = [], set()
    body = anchor_rules(body, ids)
    taken.update(ids)
    body = anchor_headings(body, taken)
    body = anchor_captions(body, taken)
    body = link_mentions(body, ids)
    body = insert_bytemaps(body, md_tables(md))
    body = insert_ring(body)
    # Every rule line of the Markdown must have its anchor: a rule cmark-gfm did not render as one is an error.
    missing, fence = [], None
    for line in md.split("\n"):
        m = re.match(r"^\s*(```+|~~~+)", line)
        if fence or m:
            fence = None if fence and m and m.group(1).startswith(fence) else fence or m.group(1)
            continue
        m = RULE_LINE.match(line)
        if m and m.group(1) not in ids:
            missing.append(m.group(1))
    if missing:
        raise RuntimeError(f"{md_path}: rules without an anchor: {' '.join(missing)}")
    title = re.search(r"<h1[^>]*>(.*?)</h1>", body, flags=re.S)
    title = re.sub(r"<[^>]+>", "", title.group(1)) if title else os.path.basename(md_path)
    with open(CSS, encoding="utf-8") as f:
        css = f.read()
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
            f'<meta name="generator" content="cmark-gfm; conformance/tools/spec_html.py"/>\n'
            f'<title>{title}</title>\n<style>\n{css}</style>\n</head>\n<body>\n'
            f'<main>\n{body}</main>\n</body>\n</html>\n')


def main(argv):
    if len(argv) != 3:
        print("usage: spec_html.py SPEC.md OUT.html", file=sys.stderr)
        return 2
    try:
        page = render(argv[1])
    except (OSError, RuntimeError) as e:
        print(f"spec_html.py: {e}", file=sys.stderr)
        return 1
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
