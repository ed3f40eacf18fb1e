#!/usr/bin/env python3
"""Render a tmux `capture-pane -e` dump (text with SGR colour codes) to a PNG.

Used to make the README screenshots from the real program: see capture.sh. Needs Pillow and
the DejaVu Sans Mono font (Debian: fonts-dejavu-core).
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
SIZE = 15
BG = (24, 24, 27)
FG = (204, 204, 204)
BASIC = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]


def xterm256(n):
    if n < 16:
        return BASIC[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


def apply_sgr(params, st):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            st.update(fg=None, bg=None, bold=False, dim=False, rev=False, ul=False)
        elif c == 1:
            st["bold"] = True
        elif c == 2:
            st["dim"] = True
        elif c == 4:
            st["ul"] = True
        elif c == 7:
            st["rev"] = True
        elif c == 22:
            st["bold"] = st["dim"] = False
        elif c == 24:
            st["ul"] = False
        elif c == 27:
            st["rev"] = False
        elif 30 <= c <= 37:
            st["fg"] = BASIC[c - 30]
        elif 90 <= c <= 97:
            st["fg"] = BASIC[c - 90 + 8]
        elif 40 <= c <= 47:
            st["bg"] = BASIC[c - 40]
        elif 100 <= c <= 107:
            st["bg"] = BASIC[c - 100 + 8]
        elif c == 39:
            st["fg"] = None
        elif c == 49:
            st["bg"] = None
        elif c in (38, 48) and i + 1 < len(codes):
            if codes[i + 1] == 5 and i + 2 < len(codes):
                col = xterm256(codes[i + 2])
                i += 2
            elif codes[i + 1] == 2 and i + 4 < len(codes):
                col = tuple(codes[i + 2:i + 5])
                i += 4
            else:
                col = None
            st["fg" if c == 38 else "bg"] = col
        i += 1


def main(src, dst):
    text = open(src, encoding="utf-8").read().rstrip("\n").split("\n")
    regular = ImageFont.truetype(FONT_DIR + "DejaVuSansMono.ttf", SIZE)
    bold = ImageFont.truetype(FONT_DIR + "DejaVuSansMono-Bold.ttf", SIZE)
    cw = int(regular.getlength("M"))
    ch = SIZE + 5
    cols = max(len(re.sub(r"\x1b\[[0-9;]*m", "", l)) for l in text)
    img = Image.new("RGB", (cols * cw + 16, len(text) * ch + 16), BG)
    draw = ImageDraw.Draw(img)
    st = dict(fg=None, bg=None, bold=False, dim=False, rev=False, ul=False)
    for row, line in enumerate(text):
        col = 0
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            m = re.match(r"\x1b\[([0-9;]*)m", token)
            if m:
                apply_sgr(m.group(1), st)
                continue
            for chr_ in token:
                fg, bg = st["fg"] or FG, st["bg"] or BG
                if st["rev"]:
                    fg, bg = bg, fg
                if st["dim"]:
                    fg = tuple(int(v * 0.6) for v in fg)
                x, y = 8 + col * cw, 8 + row * ch
                draw.rectangle([x, y, x + cw, y + ch], fill=bg)
                draw.text((x, y + 2), chr_, font=bold if st["bold"] else regular, fill=fg)
                if st["ul"]:
                    draw.line([x, y + ch - 2, x + cw, y + ch - 2], fill=fg)
                col += 1
    img.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
