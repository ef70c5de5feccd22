"""What the columns hold, for the forms that fill them: a form never accepts more than its column.

Django's form EmailField accepts 320 characters, its model EmailField holds 254 (RFC 5321's path
limit), and a model URLField holds 200 while the form's has no limit: input past these reached
the database and a server error (issue 14). Forms take their limits from here.
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EMAIL_MAX_LENGTH = 254
URL_MAX_LENGTH = 200
# Text fields refuse a NUL character (Django's and DRF's ProhibitNullCharactersValidator): the
# API schema says so with this pattern, so generated requests and the API agree.
NO_NUL_PATTERN = "^[^\\x00]*$"
# Request bodies: form posts (DATA_UPLOAD_MAX_MEMORY_SIZE) and one uploaded photo.
UPLOAD_MAX_BYTES = 5 * 1024 * 1024


def upload_size_validate(upload) -> None:
    """An uploaded photo of at most UPLOAD_MAX_BYTES, with a message saying the limit."""
    if upload is not None and getattr(upload, "size", 0) > UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("This file is too large: at most %(mb)s MB."), code="file_too_large",
            params={"mb": UPLOAD_MAX_BYTES // (1024 * 1024)})
