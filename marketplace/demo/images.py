"""Deal pictures drawn locally with Pillow: a diagonal colour gradient, a big initial and the title."""
import io
import textwrap
import unicodedata
from functools import lru_cache

from PIL import Image, ImageChops, ImageDraw, ImageFont

SIZE = (800, 500)
# A system font with accents when there is one; Pillow's own font (ASCII only) otherwise.
_FONT_FILES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@lru_cache(maxsize=8)
def _font(size: int) -> tuple:
    for path in _FONT_FILES:
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _drawable(text: str, full_charset: bool) -> str:
    if full_charset:
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def deal_image_jpeg(*, title: str, initial: str, colours: tuple[tuple, tuple], shade: float = 0.0) -> bytes:
    """A JPEG of SIZE; ``shade`` (0..1) darkens the second colour so sibling deals look different."""
    start, end = colours
    end = tuple(int(c * (1 - 0.45 * shade)) for c in end)
    ramp = Image.linear_gradient("L")
    mask = ImageChops.add(ramp.resize(SIZE), ramp.rotate(90).resize(SIZE), scale=2.0)
    image = Image.composite(Image.new("RGB", SIZE, end), Image.new("RGB", SIZE, start), mask)
    draw = ImageDraw.Draw(image)
    big, _ = _font(240)
    draw.text((40, 10), initial[:1].upper(), font=big, fill=(255, 255, 255))
    font, full_charset = _font(40)
    y = SIZE[1] - 60 * 3 - 20
    for line in textwrap.wrap(_drawable(title, full_charset), width=30)[:3]:
        draw.text((42, y + 2), line, font=font, fill=(0, 0, 0))
        draw.text((40, y), line, font=font, fill=(255, 255, 255))
        y += 60
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78, optimize=True)
    return out.getvalue()
