#!/usr/bin/env python3
"""Make the window's font, assets/fonts/wqy-zenhei-ui.ttf: a subset of the
bundled WenQuanYi Zen Hei (assets/fonts/wqy-zenhei.ttf, which the PDF writer
keeps using whole).

Fyne parses the theme font once per text style, and go-text keeps every
glyph outline of it in memory: about 45 MB per style for the 44,960 glyphs of
the whole face. The subset keeps what the window shows:

  - every character of GB2312 (6,763 hanzi, full-width forms, punctuation,
    Greek, Cyrillic, kana, pinyin, box drawing, circled and Roman numerals),
  - ASCII and Latin-1, general and CJK punctuation, arrows, number forms,
    enclosed alphanumerics, geometric shapes, U+FFFD,
  - every character of our own texts: the Go sources (UI strings, messages,
    document text), seeds/*.yaml (catalog, demo project, narratives,
    conditions), templates/*.md, the window's translations and the SQL
    migrations.

Characters outside the subset (a rare character in a name typed by the user)
come from the system fonts through Fyne's fallback. app/gui's
TestUIFontCoversOwnTexts fails when a new text needs a character the subset
lacks: run this script again then.

Run from the repository root with Debian's python3-fonttools
(apt-get install python3-fonttools):

    /usr/bin/python3 assets/internal/uifont/subset.py

The output is deterministic for a given fontTools version (made with 4.38.0)
and set of sources.
"""

import os
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = "assets/fonts/wqy-zenhei.ttf"
OUTPUT = "assets/fonts/wqy-zenhei-ui.ttf"
# The date of this change, recorded in the font (GPL-2 section 2a).
CHANGED = "2026-12-03"

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # general punctuation
    (0x2150, 0x218F),  # number forms (Roman numerals)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics (circled numbers)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes
    (0x2600, 0x26FF),  # miscellaneous symbols
    (0x2700, 0x27BF),  # dingbats (check marks)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK letters (㈠ …)
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0xFFFD, 0xFFFD),  # replacement character
]

# Our own texts: (directory, file suffixes). Go tests and test data are
# left out; what they show is not what the office sees.
SOURCES = [
    (".", (".go",)),
    ("seeds", (".yaml",)),
    ("templates", (".md",)),
    ("app/gui/translations", (".json",)),
    ("app/store/migrations", (".sql",)),
]


def gb2312():
    """Every character of GB2312 (rows 0xA1–0xF7, cells 0xA1–0xFE)."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.update(ord(c) for c in s)
    return out


def own_texts():
    """Every non-ASCII character of the files listed in SOURCES."""
    out = set()
    for top, suffixes in SOURCES:
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in ("testdata", ".git", "node_modules"))
            if top == "." and root == ".":
                # Only the Go packages; other top-level folders hold data or tools.
                dirs[:] = [d for d in dirs if d in ("app", "cmd", "report", "seeds", "templates", "assets")]
            for name in sorted(files):
                if not name.endswith(suffixes) or name.endswith("_test.go"):
                    continue
                with open(os.path.join(root, name), encoding="utf-8") as f:
                    out.update(ord(c) for c in f.read() if ord(c) > 0x7F)
    return out


def main():
    if not os.path.exists(SOURCE):
        sys.exit("run from the repository root: %s not found" % SOURCE)
    wanted = gb2312() | own_texts()
    for lo, hi in RANGES:
        wanted.update(range(lo, hi + 1))
    # Control and format characters are never drawn as glyphs.
    wanted = {u for u in wanted if u >= 0x20 and not 0x7F <= u < 0xA0}

    opts = subset.Options()
    opts.name_IDs = ["*"]  # keep copyright and licence strings
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.hinting = False  # Fyne renders without hinting
    opts.glyph_names = False
    opts.drop_tables += ["BDF ", "FFTM"]
    font = subset.load_font(SOURCE, opts)
    have = set(font.getBestCmap())
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(wanted & have))
    sub.subset(font)

    note = ("Subset of WenQuanYi Zen Hei for the window of ecoreport (GB2312 and the "
            "characters of ecoreport's own texts), made %s by "
            "assets/internal/uifont/subset.py from the unchanged face." % CHANGED)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID == 5:  # version string
            name.setName(rec.toUnicode() + "; ecoreport UI subset " + CHANGED,
                         5, rec.platformID, rec.platEncID, rec.langID)
    name.setName(note, 10, 3, 1, 0x409)  # description (Windows, English)
    subset.save_font(font, OUTPUT, opts)
    kept = len(TTFont(OUTPUT).getBestCmap())
    print("%s: %d characters, %d glyphs, %d bytes; %d wanted characters not in the face"
          % (OUTPUT, kept, TTFont(OUTPUT)["maxp"].numGlyphs, os.path.getsize(OUTPUT),
             len(wanted - have)))


if __name__ == "__main__":
    main()
