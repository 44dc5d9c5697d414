"""Decorative artwork for pages that need a picture but have no photograph in the
seed. Overlapping arcs, like bridges between circles, in the site's palette. They
are marked decorative, so screen readers skip them; nothing here pretends to be a
photograph of a real person or place."""

import hashlib
import io
import random

from PIL import Image, ImageDraw

PALETTE = {
    "cream": (255, 246, 234),
    "plum": (74, 30, 74),
    "coral": (232, 106, 77),
    "teal": (19, 110, 107),
    "sun": (245, 183, 64),
    "rose": (240, 170, 170),
}


def bridge_pattern(key: str, width: int = 1600, height: int = 900) -> bytes:
    """A PNG that is the same for the same key, so re-running the loader is stable."""
    rng = random.Random(int(hashlib.sha256(key.encode()).hexdigest(), 16))
    scale = 2  # draw large, then shrink: smooth edges without an anti-aliasing library
    canvas = Image.new("RGB", (width * scale, height * scale), PALETTE["cream"])
    draw = ImageDraw.Draw(canvas, "RGBA")
    colours = [PALETTE[name] for name in ("plum", "coral", "teal", "sun", "rose")]
    rng.shuffle(colours)

    # Two groups of circles, one on each side, and arcs that span the gap between them.
    for side, colour in ((0.22, colours[0]), (0.78, colours[1])):
        for _ in range(rng.randint(3, 5)):
            r = rng.uniform(0.12, 0.3) * height * scale
            cx = (side + rng.uniform(-0.12, 0.12)) * width * scale
            cy = rng.uniform(0.25, 0.85) * height * scale
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour + (rng.randint(70, 150),))

    for i in range(rng.randint(4, 7)):
        span = rng.uniform(0.45, 0.8) * width * scale
        left = (width * scale - span) / 2 + rng.uniform(-0.05, 0.05) * width * scale
        top = rng.uniform(0.15, 0.55) * height * scale
        box = (left, top, left + span, top + span * rng.uniform(0.5, 0.9))
        draw.arc(box, 190, 350, fill=colours[2 + i % 3] + (230,), width=int(14 * scale))

    canvas = canvas.resize((width, height), Image.LANCZOS)
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
