"""The printable voucher: a PDF with one voucher after another (code, QR code, deal, stores,
validity, all the fine print), in the reader's language, flowing onto more pages when long.

Drawn with reportlab's layout engine (platypus) and one TrueType font that covers Chinese, Latin
with Portuguese accents and the currency signs: WenQuanYi Micro Hei (settings.VOUCHER_PDF_FONT,
Debian's fonts-wqy-microhei, installed by ``scripts/services.sh start fonts``). reportlab embeds
TrueType outlines only and has no per-character fallback between fonts, so one font must cover
every script. Texts, money and dates follow the active language: a page renders it in the
visitor's, the voucher e-mail in the recipient's (marketplace/core/mail.py).
"""
import io
from functools import lru_cache
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    Image, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from marketplace.languages.formats import day, moment, money
from marketplace.languages.scripts import written_without_spaces

from merchants.selectors import location_zone

from .models import Voucher
from .selectors import voucher_booking, voucher_terms

FONT = "VoucherText"
CODE_FONT = "Courier-Bold"  # the codes' alphabet is Latin (vouchers/codes.py)


def voucher_qr_png(voucher: Voucher, *, scale: int = 8) -> bytes:
    buf = io.BytesIO()
    segno.make_qr(voucher.display_code, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def voucher_qr_svg(voucher: Voucher, *, scale: int = 6) -> str:
    buf = io.BytesIO()
    segno.make_qr(voucher.display_code, error="m").save(buf, kind="svg", scale=scale, border=2,
                                                      xmldecl=False)
    return buf.getvalue().decode()


@lru_cache(maxsize=1)
def font_registered() -> str:
    """Registers the voucher font once per process (~0.6 s); fails loudly when it is missing."""
    path = settings.VOUCHER_PDF_FONT
    try:
        pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=0))
    except (OSError, TTFError) as exc:
        raise ImproperlyConfigured(
            f"The voucher PDF needs a TrueType font covering Chinese and Latin at {path} "
            f"(VOUCHER_PDF_FONT): install Debian's fonts-wqy-microhei with "
            f"`scripts/services.sh start fonts` ({exc})") from exc
    return FONT


def vouchers_pdf(vouchers: list[Voucher]) -> bytes:
    """The vouchers one after another, each starting on a new page, in the active language."""
    font_registered()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm, pageCompression=1,
                            title=_("Vouchers"), author=settings.OSCAR_SHOP_NAME)
    story = []
    for n, voucher in enumerate(vouchers):
        if n:
            story.append(PageBreak())
        story += _voucher(voucher, width=doc.width)
    doc.build(story)
    return buf.getvalue()


def _style(name: str, size: float, *, leading: float | None = None, space_before: float = 0,
           space_after: float = 2) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.35,
                          spaceBefore=space_before, spaceAfter=space_after)


STYLES = {
    "title": _style("title", 18, space_after=4),
    "option": _style("option", 13),
    "small": _style("small", 10),
    "heading": _style("heading", 12, space_before=8, space_after=3),
    "text": _style("text", 10),
    "fine": _style("fine", 9),
}


def _para(text: str, style: str) -> Paragraph:
    """A paragraph of plain text (escaped); lines of Chinese text break between characters."""
    base = STYLES[style]
    if written_without_spaces(text):
        base = ParagraphStyle(f"{style}-cjk", parent=base, wordWrap="CJK")
    return Paragraph(escape(text or "").replace("\n", "<br/>"), base)


def _voucher(voucher: Voucher, *, width: float) -> list:
    deal = voucher.deal
    stores = list(deal.locations.all())
    zone = location_zone(stores[0] if stores else None)  # the days valid are the store's days
    code = Paragraph(escape(voucher.display_code), ParagraphStyle(
        "code", fontName=CODE_FONT, fontSize=20, leading=26))
    qr = Image(io.BytesIO(voucher_qr_png(voucher, scale=6)), width=42 * mm, height=42 * mm)
    facts = [
        code, Spacer(1, 3 * mm),
        _para(_("Valid from %(start)s until %(end)s.") % {
            "start": day(voucher.valid_from, zone=zone), "end": day(voucher.valid_until, zone=zone)},
            "small"),
        *[_para(line, "small") for line in terms_lines(voucher)],
        _para(_("Paid %(paid)s · for %(name)s") % {
            "paid": money(voucher.price_paid, voucher.currency),
            "name": voucher.holder_name or voucher.holder_email}, "small"),
    ]
    header = Table([[facts, qr]], colWidths=[width - 46 * mm, 46 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        _para(deal.title, "title"),
        _para(_("%(option)s — worth %(value)s") % {
            "option": voucher.option_title, "value": money(voucher.value, voucher.currency)},
            "option"),
        Spacer(1, 4 * mm), KeepTogether([header]),
        _para(pgettext("voucher", "Where to use it"), "heading"),
    ]
    for location in stores:
        line = f"{location.merchant.name} — {location.name}: {location.full_address}"
        if location.phone:
            line += f" · {location.phone}"
        story.append(_para(line, "text"))
        if location.directions:
            story.append(_para(location.directions, "small"))
    if deal.fine_print:
        story.append(_para(_("Fine print"), "heading"))
        story += [_para(paragraph, "fine") for paragraph in deal.fine_print.splitlines()
                  if paragraph.strip()]
    return story


def terms_lines(voucher: Voucher) -> list[str]:
    """The trade's terms (docs/trades.md): a pass's uses, usable times, the booking."""
    terms, booking, lines = voucher_terms(voucher=voucher), voucher_booking(voucher=voucher), []
    if terms.is_pass:
        lines.append(_("%(left)s of %(total)s uses left") % {"left": voucher.uses_left,
                                                           "total": terms.uses}
                     + (" · " + _("one use a day") if terms.one_use_per_day else ""))
    if terms.windows:
        lines.append(_("Usable only %(windows)s (the store's time)") % {"windows": terms.windows_text})
    if terms.excluded_dates:
        lines.append(_("Not usable on: %(days)s") % {"days": ", ".join(terms.excluded_dates)})
    if booking is not None:
        when = moment(booking.starts_at, zone=location_zone(booking.location))
        lines.append(_("Booked for %(when)s at %(store)s") % {"when": when,
                                                             "store": booking.location.name})
    elif terms.bookable:
        lines.append(_("Book a slot under My vouchers before you go"))
    return lines
