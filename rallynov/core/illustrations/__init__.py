"""Illustrations drawn here, for the demo: simple geometric compositions, one motif per theme.

Made with Pillow from a motif name and a seed, so the same call always draws the same picture.
They are released under CC0 1.0 (see README.md next to this file): anyone may reuse them.
"""

import io
import random

from PIL import Image, ImageDraw

# motif: (background, three colours, composition)
MOTIFS = {
    "organisation-du-travail": ("#F3EEE3", ("#1F5F8B", "#F2A541", "#3B8B6E"), "grid"),
    "emploi-et-inclusion": ("#EEF3F7", ("#C0392B", "#2E86AB", "#F6C85F"), "circles"),
    "competences-et-parcours": ("#F5F1FA", ("#6C3483", "#48C9B0", "#F39C12"), "steps"),
    "alimentation": ("#F4F8EC", ("#5B8C2A", "#E67E22", "#F4D03F"), "circles"),
    "solidarite": ("#FBEFEF", ("#B03A2E", "#F1948A", "#2874A6"), "arcs"),
    "mobilite": ("#EDF4F4", ("#117A65", "#F5B041", "#34495E"), "stripes"),
    "sante-et-soins": ("#EEF6FB", ("#2471A3", "#76D7C4", "#E74C3C"), "arcs"),
    "environnement": ("#EEF7EF", ("#1E8449", "#82E0AA", "#2E4053"), "triangles"),
    "gouvernance": ("#F2F2F7", ("#283593", "#FFB300", "#00897B"), "grid"),
    "vie-des-territoires": ("#FAF3EA", ("#A04000", "#229954", "#5DADE2"), "triangles"),
    "evenement": ("#F0F4FA", ("#1A5276", "#F39C12", "#C0392B"), "steps"),
    "actualite": ("#F7F5EF", ("#7D3C98", "#17A589", "#F4D03F"), "stripes"),
}
SIZE = (1200, 675)


def _circles(draw, rng, colours, width, height):
    for _ in range(14):
        radius = rng.randint(height // 12, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice(colours))


def _grid(draw, rng, colours, width, height):
    cell = height // 5
    for row in range(0, height, cell):
        for col in range(0, width, cell):
            if rng.random() < 0.55:
                inset = rng.randint(6, cell // 4)
                draw.rectangle(
                    (col + inset, row + inset, col + cell - inset, row + cell - inset),
                    fill=rng.choice(colours),
                )


def _steps(draw, rng, colours, width, height):
    steps = 7
    step_width = width // steps
    for index in range(steps):
        top = height - (index + 1) * height // (steps + 1) - rng.randint(0, height // 12)
        draw.rectangle(
            (index * step_width, top, (index + 1) * step_width - 8, height), fill=colours[index % 3]
        )


def _arcs(draw, rng, colours, width, height):
    for index in range(9):
        radius = height // 9 * (9 - index) + rng.randint(0, 20)
        cx, cy = width // 2 + rng.randint(-80, 80), height
        draw.pieslice((cx - radius, cy - radius, cx + radius, cy + radius), 180, 360, fill=colours[index % 3])


def _stripes(draw, rng, colours, width, height):
    x = -height
    while x < width:
        band = rng.randint(40, 140)
        draw.polygon(
            [(x, height), (x + height, 0), (x + height + band, 0), (x + band, height)],
            fill=rng.choice(colours),
        )
        x += band + rng.randint(20, 90)


def _triangles(draw, rng, colours, width, height):
    for _ in range(16):
        base = rng.randint(height // 6, height // 2)
        x, y = rng.randint(-base, width), rng.randint(height // 4, height + base // 2)
        draw.polygon([(x, y), (x + base, y), (x + base // 2, y - int(base * 0.9))], fill=rng.choice(colours))


COMPOSITIONS = {
    "circles": _circles,
    "grid": _grid,
    "steps": _steps,
    "arcs": _arcs,
    "stripes": _stripes,
    "triangles": _triangles,
}


def draw(motif, *, seed=0, size=SIZE):
    """A PIL image of `motif` (a key of MOTIFS), the same for the same seed."""
    background, colours, composition = MOTIFS[motif]
    image = Image.new("RGB", size, background)
    rng = random.Random(f"{motif}:{seed}")
    COMPOSITIONS[composition](ImageDraw.Draw(image), rng, colours, *size)
    return image


def png_bytes(motif, *, seed=0, size=SIZE):
    buffer = io.BytesIO()
    draw(motif, seed=seed, size=size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
