"""A deal's photos: what a merchant may upload (type, weight, size, how many) and their alt text,
with messages a merchant understands. Files are stored through Django's storage API by Oscar's
ProductImage (deals/review.py adds them)."""
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_PHOTOS = 8
MAX_BYTES = 5 * 1024 * 1024
# Smaller photos look blurred on a deal page (800×500 on wide screens).
MIN_WIDTH, MIN_HEIGHT = 600, 375
FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class DealPhoto:
    file: object  # an uploaded image file, already read by Pillow (forms.ImageField)
    alt: str      # what the photo shows, for people who cannot see it


def deal_photos_check(*, files: list, alt: str, existing: int = 0) -> None:
    """Raises ValidationError with every problem of these uploads; nothing is stored then."""
    problems = []
    if files and not alt.strip():
        problems.append(_("Describe the photos in a few words (read aloud to people who cannot "
                          "see them)."))
    if existing + len(files) > MAX_PHOTOS:
        problems.append(_("A deal has at most %(n)d photos; it has %(existing)d already.")
                        % {"n": MAX_PHOTOS, "existing": existing})
    for f in files:
        image = getattr(f, "image", None)
        name = getattr(f, "name", "")
        if image is not None and image.format not in FORMATS:
            problems.append(_("%(name)s: send a JPEG, PNG or WebP photo.") % {"name": name})
        if f.size > MAX_BYTES:
            problems.append(_("%(name)s weighs %(size)s; at most %(max)s per photo.")
                            % {"name": name, "size": filesizeformat(f.size),
                               "max": filesizeformat(MAX_BYTES)})
        if image is not None and (image.width < MIN_WIDTH or image.height < MIN_HEIGHT):
            problems.append(_("%(name)s is %(w)d×%(h)d pixels; photos need at least "
                              "%(min_w)d×%(min_h)d to look sharp.")
                            % {"name": name, "w": image.width, "h": image.height,
                               "min_w": MIN_WIDTH, "min_h": MIN_HEIGHT})
    if problems:
        raise ValidationError(problems)
