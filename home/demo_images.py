"""Generated illustrations for the demo content: a landscape drawn from a seed, so the same
article always gets the same bytes (and re-running load_demo reuses the stored image)."""

import hashlib
import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 1200, 675
PALETTES = [
    ((255, 214, 153), (233, 110, 80), (70, 120, 70), (40, 85, 55)),
    ((190, 225, 250), (120, 170, 220), (90, 150, 80), (50, 110, 60)),
    ((255, 236, 200), (250, 170, 90), (160, 120, 70), (110, 80, 50)),
    ((220, 235, 255), (160, 190, 240), (60, 130, 140), (30, 90, 100)),
    ((255, 225, 225), (230, 140, 150), (120, 150, 90), (80, 110, 60)),
]


def illustration_png(seed: str) -> bytes:
    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    sky_top, sky_bottom, hill_far, hill_near = rng.choice(PALETTES)
    img = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    for y in range(HEIGHT):  # sky gradient
        t = y / HEIGHT
        draw.line(
            [(0, y), (WIDTH, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom, strict=True))
        )
    sun_x, sun_y, r = rng.randint(150, 1050), rng.randint(90, 260), rng.randint(45, 85)
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=(255, 244, 200))
    for colour, base in ((hill_far, 0.55), (hill_near, 0.72)):
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, int(HEIGHT * base + rng.randint(-60, 40))))
        points.append((WIDTH, HEIGHT))
        draw.polygon(points, fill=colour)
    for _ in range(rng.randint(3, 6)):  # little houses and people-shaped marks
        x, y = rng.randint(60, WIDTH - 120), rng.randint(int(HEIGHT * 0.78), HEIGHT - 70)
        draw.rectangle([x, y, x + 60, y + 45], fill=(250, 245, 235))
        draw.polygon([(x - 8, y), (x + 30, y - 30), (x + 68, y)], fill=(180, 40, 40))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()
