#!/usr/bin/env python3
"""Draw a terminal capture (`tmux capture-pane -e -p`) to PNG with Pillow.

    ansi2png.py SCREEN.ansi OUT.png [--cols N] [--rows N] [--font FILE] [--size PT]

Understands the SGR sequences tmux writes: bold, italic, underline (straight and curly,
with its colour), reverse, and 16, 256 and 24-bit colours.
"""
import argparse
import re
from PIL import Image, ImageDraw, ImageFont

BG = (24, 24, 28)
FG = (224, 226, 228)
BASE16 = [
    (0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16),
    (36, 114, 200), (188, 63, 188), (17, 168, 205), (229, 229, 229),
    (102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67),
    (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255),
]


def color256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


class Style:
    def __init__(self):
        self.reset()

    def reset(self):
        self.fg = None
        self.bg = None
        self.bold = self.italic = self.reverse = False
        self.underline = 0  # 0 none, 1 straight, 3 curly
        self.ul_color = None

    def copy(self):
        other = Style()
        other.__dict__.update(self.__dict__)
        return other


def ext_color(params, i):
    """38;5;n or 38;2;r;g;b (also with colons): (color, next index)."""
    if i + 1 < len(params) and params[i + 1] == 5 and i + 2 < len(params):
        return color256(params[i + 2]), i + 3
    if i + 1 < len(params) and params[i + 1] == 2 and i + 4 < len(params):
        return tuple(params[i + 2:i + 5]), i + 5
    return None, len(params)


def apply_sgr(style, text):
    if text == "":
        style.reset()
        return
    # 4:3 is a curly underline; other colon forms are colours.
    if re.fullmatch(r"4:\d", text):
        style.underline = 0 if text == "4:0" else (3 if text in ("4:3", "4:4", "4:5") else 1)
        return
    params = [int(p) if p.isdigit() else 0 for p in re.split(r"[;:]", text)]
    i = 0
    while i < len(params):
        p = params[i]
        if p == 0:
            style.reset()
        elif p == 1:
            style.bold = True
        elif p == 3:
            style.italic = True
        elif p == 4:
            style.underline = 1
        elif p == 7:
            style.reverse = True
        elif p == 22:
            style.bold = False
        elif p == 23:
            style.italic = False
        elif p == 24:
            style.underline = 0
        elif p == 27:
            style.reverse = False
        elif 30 <= p <= 37:
            style.fg = BASE16[p - 30]
        elif 90 <= p <= 97:
            style.fg = BASE16[p - 90 + 8]
        elif 40 <= p <= 47:
            style.bg = BASE16[p - 40]
        elif 100 <= p <= 107:
            style.bg = BASE16[p - 100 + 8]
        elif p == 39:
            style.fg = None
        elif p == 49:
            style.bg = None
        elif p == 59:
            style.ul_color = None
        elif p in (38, 48, 58):
            color, i = ext_color(params, i)
            if p == 38:
                style.fg = color
            elif p == 48:
                style.bg = color
            else:
                style.ul_color = color
            continue
        i += 1


def parse(text, cols, rows):
    grid = [[(" ", Style()) for _ in range(cols)] for _ in range(rows)]
    style = Style()
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for token in re.finditer(r"\x1b\[([0-9;:]*)m|\x1b\][^\x07]*\x07|\x1b.|([^\x1b])", line):
            if token.group(1) is not None:
                apply_sgr(style, token.group(1))
            elif token.group(2) is not None and x < cols:
                grid[y][x] = (token.group(2), style.copy())
                x += 1
    return grid


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("screen")
    ap.add_argument("out")
    ap.add_argument("--cols", type=int, default=132)
    ap.add_argument("--rows", type=int, default=36)
    ap.add_argument("--font", default="/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    ap.add_argument("--size", type=int, default=15)
    args = ap.parse_args()

    with open(args.screen, encoding="utf-8", errors="replace") as f:
        grid = parse(f.read(), args.cols, args.rows)
    regular = ImageFont.truetype(args.font, args.size)
    bold_path = args.font.replace(".ttf", "-Bold.ttf")
    try:
        bold = ImageFont.truetype(bold_path, args.size)
    except OSError:
        bold = regular
    left, top, right, bottom = regular.getbbox("M")
    cw = round(regular.getlength("M"))
    ascent, descent = regular.getmetrics()
    ch = ascent + descent + 2
    pad = 12
    image = Image.new("RGB", (args.cols * cw + 2 * pad, args.rows * ch + 2 * pad), BG)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(grid):
        for x, (char, style) in enumerate(row):
            fg = style.fg or FG
            bg = style.bg
            if style.reverse:
                fg, bg = (bg or BG), fg
            px, py = pad + x * cw, pad + y * ch
            if bg:
                draw.rectangle([px, py, px + cw - 1, py + ch - 1], fill=bg)
            if char != " ":
                draw.text((px, py + 1), char, font=bold if style.bold else regular, fill=fg)
            if style.underline:
                uc = style.ul_color or fg
                base = py + ascent + 3
                if style.underline == 3:
                    points = [(px + i, base + (1 if (px + i) // 2 % 2 else -1)) for i in range(cw)]
                    draw.line(points, fill=uc, width=1)
                else:
                    draw.line([(px, base), (px + cw - 1, base)], fill=uc, width=1)
    image.save(args.out, optimize=True)


if __name__ == "__main__":
    main()
