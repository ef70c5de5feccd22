"""Deal photos for the demo, drawn offline with Pillow: a scene of the deal's trade (a plate, a cup,
a wine glass, spa stones, scissors, a dumbbell, a yoga mat, mountains, a camera...) on a backdrop
in its category's colours, varied per picture so a gallery's photos differ."""
import io
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = (800, 500)
W, H = SIZE
WHITE = (250, 250, 247)
DARK = (45, 45, 52)


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b))


def _backdrop(colours: tuple[tuple, tuple], rng: random.Random) -> Image.Image:
    """A soft vertical gradient from the category's first colour to its second, with a table edge."""
    top, bottom = colours
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(H):
        draw.line([(0, y), (W, y)], fill=_mix(top, bottom, y / H))
    # Blurred light spots: depth without any drawing of letters or logos.
    glow = Image.new("L", SIZE, 0)
    g = ImageDraw.Draw(glow)
    for _ in range(5):
        x, y, r = rng.randint(0, W), rng.randint(0, H // 2), rng.randint(40, 120)
        g.ellipse([x - r, y - r, x + r, y + r], fill=rng.randint(40, 90))
    glow = glow.filter(ImageFilter.GaussianBlur(30))
    image = Image.composite(Image.new("RGB", SIZE, WHITE), image, glow)
    draw = ImageDraw.Draw(image)
    table = _mix(bottom, DARK, 0.35)
    draw.rectangle([0, int(H * 0.72), W, H], fill=table)
    return image



def _plate(d, rng, cx, cy, c):
    d.ellipse([cx - 190, cy - 70, cx + 190, cy + 70], fill=(225, 225, 220))
    d.ellipse([cx - 150, cy - 52, cx + 150, cy + 52], fill=WHITE)
    for _ in range(rng.randint(4, 7)):  # food on the plate
        x, y = cx + rng.randint(-90, 90), cy + rng.randint(-30, 20)
        r = rng.randint(18, 34)
        d.ellipse([x - r, y - r * 0.6, x + r, y + r * 0.6],
                  fill=_mix(c, rng.choice([(60, 140, 60), (200, 80, 40), (230, 190, 90)]), 0.6))
    d.rectangle([cx - 260, cy - 60, cx - 248, cy + 60], fill=(190, 190, 195))  # fork
    for k in range(4):
        d.rectangle([cx - 266 + k * 7, cy - 90, cx - 262 + k * 7, cy - 55], fill=(190, 190, 195))
    d.rectangle([cx + 250, cy - 80, cx + 262, cy + 60], fill=(190, 190, 195))  # knife


def _cup(d, rng, cx, cy, c):
    d.ellipse([cx - 150, cy + 20, cx + 150, cy + 80], fill=(230, 228, 222))
    d.rounded_rectangle([cx - 90, cy - 90, cx + 90, cy + 50], radius=40, fill=WHITE)
    d.ellipse([cx - 90, cy - 110, cx + 90, cy - 70], fill=(110, 70, 40))
    d.arc([cx + 60, cy - 60, cx + 140, cy + 20], start=-80, end=80, fill=WHITE, width=16)
    for k in (-40, 0, 40):  # steam
        d.arc([cx + k - 20, cy - 220, cx + k + 20, cy - 130], start=100, end=260, fill=WHITE, width=6)


def _wine(d, rng, cx, cy, c):
    bx = cx + 120
    d.rounded_rectangle([bx - 40, cy - 120, bx + 40, cy + 80], radius=18, fill=(30, 70, 45))
    d.rectangle([bx - 14, cy - 200, bx + 14, cy - 110], fill=(30, 70, 45))
    d.rectangle([bx - 30, cy - 60, bx + 30, cy], fill=(235, 225, 200))
    gx = cx - 80
    d.chord([gx - 60, cy - 170, gx + 60, cy - 40], start=0, end=180, fill=(150, 20, 50))
    d.arc([gx - 60, cy - 200, gx + 60, cy - 40], start=0, end=180, fill=WHITE, width=4)
    d.line([(gx - 60, cy - 120), (gx - 60, cy - 160)], fill=WHITE, width=4)
    d.line([(gx + 60, cy - 120), (gx + 60, cy - 160)], fill=WHITE, width=4)
    d.rectangle([gx - 4, cy - 42, gx + 4, cy + 60], fill=WHITE)
    d.ellipse([gx - 50, cy + 52, gx + 50, cy + 72], fill=WHITE)


def _stones(d, rng, cx, cy, c):
    sizes = [(150, 45), (120, 40), (95, 34), (70, 28)]
    y = cy + 70
    for w, h in sizes:
        x = cx - 80 + rng.randint(-12, 12)
        d.ellipse([x - w, y - h, x + w, y + h], fill=_mix((70, 70, 75), c, rng.random() * 0.3))
        y -= h * 1.6
    x = cx + 170  # a candle
    d.rectangle([x - 30, cy - 30, x + 30, cy + 90], fill=WHITE)
    d.ellipse([x - 10, cy - 75, x + 10, cy - 35], fill=(255, 190, 60))
    d.polygon([(cx + 40, cy + 100), (cx + 120, cy + 40), (cx + 90, cy + 105)], fill=(70, 150, 80))


def _scissors(d, rng, cx, cy, c):
    d.line([(cx - 160, cy - 100), (cx + 140, cy + 60)], fill=(200, 200, 205), width=18)
    d.line([(cx - 160, cy + 60), (cx + 140, cy - 100)], fill=(200, 200, 205), width=18)
    for y in (cy - 120, cy + 80):
        d.ellipse([cx + 120, y - 40, cx + 200, y + 40], outline=DARK, width=14)
    d.rounded_rectangle([cx - 250, cy + 100, cx + 150, cy + 130], radius=8, fill=DARK)  # comb
    for k in range(20):
        d.rectangle([cx - 245 + k * 20, cy + 125, cx - 237 + k * 20, cy + 160], fill=DARK)


def _polish(d, rng, cx, cy, c):
    for k, colour in enumerate([(200, 30, 70), (240, 120, 150), (150, 40, 120)]):
        x = cx - 170 + k * 170
        d.rounded_rectangle([x - 50, cy - 40, x + 50, cy + 90], radius=22, fill=colour)
        d.rectangle([x - 22, cy - 130, x + 22, cy - 40], fill=DARK)
        d.ellipse([x - 30, cy - 20, x - 10, cy + 40], fill=(255, 255, 255))


def _dumbbell(d, rng, cx, cy, c):
    d.rectangle([cx - 170, cy - 12, cx + 170, cy + 12], fill=(170, 170, 175))
    for side in (-1, 1):
        for k, (w, h) in enumerate([(30, 130), (30, 100)]):
            x = cx + side * (120 + k * 34)
            d.rounded_rectangle([x - w // 2, cy - h // 2, x + w // 2, cy + h // 2], radius=6, fill=DARK)
    d.rounded_rectangle([cx + 150, cy + 70, cx + 300, cy + 110], radius=20, fill=WHITE)  # towel


def _yoga(d, rng, cx, cy, c):
    d.rounded_rectangle([cx - 300, cy + 60, cx + 300, cy + 100], radius=20, fill=_mix(c, DARK, 0.3))
    # A person in a tree pose: head, body, arms up, one leg bent.
    d.ellipse([cx - 28, cy - 230, cx + 28, cy - 174], fill=DARK)
    d.line([(cx, cy - 170), (cx, cy - 20)], fill=DARK, width=22)
    d.line([(cx, cy - 150), (cx - 70, cy - 260)], fill=DARK, width=16)
    d.line([(cx, cy - 150), (cx + 70, cy - 260)], fill=DARK, width=16)
    d.line([(cx, cy - 20), (cx, cy + 65)], fill=DARK, width=18)
    d.line([(cx, cy - 20), (cx + 70, cy + 10), (cx + 5, cy + 30)], fill=DARK, width=16)


def _ball(d, rng, cx, cy, c):
    d.ellipse([cx - 140, cy - 180, cx + 140, cy + 100], fill=_mix(c, (255, 255, 255), 0.2))
    d.arc([cx - 140, cy - 180, cx + 140, cy + 100], start=200, end=300, fill=WHITE, width=10)
    d.rounded_rectangle([cx - 320, cy + 70, cx + 320, cy + 105], radius=18, fill=DARK)


def _mountains(d, rng, cx, cy, c):
    d.ellipse([cx + 150, 40, cx + 260, 150], fill=(255, 214, 90))
    d.polygon([(0, 360), (220, 120), (430, 360)], fill=_mix(c, DARK, 0.45))
    d.polygon([(260, 360), (520, 90), (800, 360)], fill=_mix(c, DARK, 0.25))
    d.polygon([(470, 145), (520, 90), (570, 145), (545, 135), (520, 150), (495, 135)], fill=WHITE)
    d.line([(120, 360), (680, 360)], fill=_mix(c, WHITE, 0.5), width=4)


def _easel(d, rng, cx, cy, c):
    d.line([(cx - 120, cy + 110), (cx, cy - 200)], fill=(140, 95, 50), width=14)
    d.line([(cx + 120, cy + 110), (cx, cy - 200)], fill=(140, 95, 50), width=14)
    d.rectangle([cx - 130, cy - 150, cx + 130, cy + 20], fill=WHITE)
    for colour in [(220, 60, 60), (60, 120, 220), (240, 200, 60)]:
        x, y = cx + rng.randint(-90, 60), cy + rng.randint(-120, -30)
        d.ellipse([x, y, x + 60, y + 40], fill=colour)
    d.ellipse([cx + 170, cy + 20, cx + 320, cy + 110], fill=(225, 190, 140))  # palette


def _door(d, rng, cx, cy, c):
    d.rectangle([cx - 120, cy - 230, cx + 120, cy + 110], fill=(90, 55, 30))
    d.rectangle([cx - 100, cy - 210, cx + 100, cy + 110], fill=(120, 75, 40))
    d.ellipse([cx + 60, cy - 70, cx + 84, cy - 46], fill=(230, 190, 70))
    kx, ky = cx + 210, cy + 20  # a key
    d.ellipse([kx - 40, ky - 40, kx + 10, ky + 10], outline=(230, 190, 70), width=12)
    d.line([(kx + 5, ky - 15), (kx + 110, ky - 15)], fill=(230, 190, 70), width=12)
    d.line([(kx + 90, ky - 15), (kx + 90, ky + 15)], fill=(230, 190, 70), width=10)


def _car(d, rng, cx, cy, c):
    body = _mix(c, (200, 40, 40), 0.5)
    d.rounded_rectangle([cx - 260, cy - 40, cx + 260, cy + 60], radius=30, fill=body)
    d.polygon([(cx - 150, cy - 40), (cx - 90, cy - 130), (cx + 110, cy - 130), (cx + 180, cy - 40)],
              fill=body)
    d.polygon([(cx - 125, cy - 45), (cx - 80, cy - 115), (cx + 5, cy - 115), (cx + 5, cy - 45)],
              fill=(200, 225, 240))
    d.polygon([(cx + 20, cy - 45), (cx + 20, cy - 115), (cx + 100, cy - 115), (cx + 155, cy - 45)],
              fill=(200, 225, 240))
    for x in (cx - 150, cx + 150):
        d.ellipse([x - 50, cy + 20, x + 50, cy + 120], fill=DARK)
        d.ellipse([x - 22, cy + 48, x + 22, cy + 92], fill=(180, 180, 185))


def _bucket(d, rng, cx, cy, c):
    d.polygon([(cx - 110, cy - 60), (cx + 110, cy - 60), (cx + 85, cy + 100), (cx - 85, cy + 100)],
              fill=(70, 130, 200))
    d.arc([cx - 110, cy - 170, cx + 110, cy + 40], start=180, end=360, fill=DARK, width=8)
    for _ in range(7):  # bubbles and sparkles
        x, y, r = cx + rng.randint(-200, 200), cy - rng.randint(80, 220), rng.randint(10, 30)
        d.ellipse([x - r, y - r, x + r, y + r], outline=WHITE, width=5)
    d.rounded_rectangle([cx + 150, cy + 20, cx + 290, cy + 90], radius=18, fill=(250, 210, 70))


def _camera(d, rng, cx, cy, c):
    d.rounded_rectangle([cx - 200, cy - 110, cx + 200, cy + 110], radius=26, fill=DARK)
    d.rounded_rectangle([cx - 80, cy - 150, cx + 20, cy - 100], radius=10, fill=DARK)
    d.ellipse([cx - 95, cy - 95, cx + 95, cy + 95], fill=(90, 90, 100))
    d.ellipse([cx - 65, cy - 65, cx + 65, cy + 65], fill=(30, 40, 70))
    d.ellipse([cx - 30, cy - 45, cx, cy - 15], fill=(200, 210, 255))
    d.rectangle([cx + 130, cy - 90, cx + 175, cy - 65], fill=(230, 230, 230))


# Each subcategory's scene; a subcategory not listed gets its category's first scene.
SCENES = {
    "Restaurants": _plate, "Cafés": _cup, "Bars & wine": _wine,
    "Massage": _stones, "Hair": _scissors, "Nails": _polish,
    "Gym": _dumbbell, "Yoga": _yoga, "Pilates": _ball,
    "Tours": _mountains, "Classes": _easel, "Escape rooms": _door,
    "Car care": _car, "Cleaning": _bucket, "Photography": _camera,
}


def deal_image_jpeg(*, scene: str, colours: tuple[tuple, tuple], seed: int) -> bytes:
    """A JPEG of SIZE showing ``scene`` (a subcategory name) in ``colours``; ``seed`` varies the
    light, the framing and the details so a deal's photos and sibling deals differ."""
    rng = random.Random(seed)
    if rng.random() < 0.5:
        colours = (colours[1], colours[0])
    image = _backdrop(colours, rng)
    layer = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    cx, cy = W // 2 + rng.randint(-120, 120), int(H * 0.55) + rng.randint(-20, 20)
    SCENES.get(scene, _plate)(draw, rng, cx, cy, colours[0])
    shadow = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    shadow.paste((0, 0, 0, 70), mask=layer.getchannel("A").point(lambda a: 255 if a else 0))
    shadow = shadow.filter(ImageFilter.GaussianBlur(12))
    image = image.convert("RGBA")
    image.alpha_composite(shadow, (10, 14))
    image.alpha_composite(layer)
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()
