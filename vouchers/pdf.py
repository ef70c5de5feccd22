"""The printable voucher: a PDF page per voucher (code, QR code, deal, stores, validity, fine print)."""
import io
from textwrap import wrap

import segno
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from merchants.selectors import location_zone

from .models import Voucher
from .selectors import voucher_booking, voucher_terms


def voucher_qr_png(voucher: Voucher, *, scale: int = 8) -> bytes:
    buf = io.BytesIO()
    segno.make_qr(voucher.display_code, error="m").save(buf, kind="png", scale=scale, border=2)
    return buf.getvalue()


def voucher_qr_svg(voucher: Voucher, *, scale: int = 6) -> str:
    buf = io.BytesIO()
    segno.make_qr(voucher.display_code, error="m").save(buf, kind="svg", scale=scale, border=2,
                                                      xmldecl=False)
    return buf.getvalue().decode()


def vouchers_pdf(vouchers: list[Voucher]) -> bytes:
    """One A4 page per voucher."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, pageCompression=1)
    pdf.setTitle("Vouchers")
    for voucher in vouchers:
        _page(pdf, voucher)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _page(pdf: canvas.Canvas, voucher: Voucher) -> None:
    width, height = A4
    left = 20 * mm
    y = height - 25 * mm
    deal = voucher.deal
    pdf.setFont("Helvetica-Bold", 18)
    for text in wrap(deal.title, 48):
        pdf.drawString(left, y, text)
        y -= 8 * mm
    pdf.setFont("Helvetica", 13)
    pdf.drawString(left, y, f"{voucher.option.get_title()} — worth {voucher.value} {voucher.currency}")
    y -= 7 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(left, y, f"Paid {voucher.price_paid} {voucher.currency} · for {voucher.holder_name or voucher.holder_email}")
    y -= 14 * mm

    pdf.setFont("Courier-Bold", 22)
    pdf.drawString(left, y, voucher.display_code)
    qr = ImageReader(io.BytesIO(voucher_qr_png(voucher, scale=6)))
    pdf.drawImage(qr, width - left - 45 * mm, y - 20 * mm, 45 * mm, 45 * mm)
    y -= 10 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(left, y, f"Valid from {_day(voucher.valid_from)} until {_day(voucher.valid_until)}")
    for text in terms_lines(voucher):
        y -= 5 * mm
        pdf.drawString(left, y, text)
    y -= 18 * mm

    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(left, y, "Where to use it")
    y -= 6 * mm
    pdf.setFont("Helvetica", 10)
    for location in deal.locations.all():
        line = f"{location.merchant.name} — {location.name}: {location.full_address}"
        if location.phone:
            line += f" · {location.phone}"
        for text in wrap(line, 95):
            pdf.drawString(left, y, text)
            y -= 5 * mm
    y -= 6 * mm
    if deal.fine_print:
        pdf.setFont("Helvetica-Bold", 12)
        pdf.drawString(left, y, "Fine print")
        y -= 6 * mm
        pdf.setFont("Helvetica", 9)
        for paragraph in deal.fine_print.splitlines():
            for text in wrap(paragraph, 105) or [""]:
                if y < 20 * mm:
                    return
                pdf.drawString(left, y, text)
                y -= 4.5 * mm


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
        when = booking.starts_at.astimezone(location_zone(booking.location)).strftime("%d %b %Y %H:%M")
        lines.append(_("Booked for %(when)s at %(store)s") % {"when": when,
                                                             "store": booking.location.name})
    elif terms.bookable:
        lines.append(_("Book a slot under My vouchers before you go"))
    return lines


def _day(value) -> str:
    return timezone.localtime(value).strftime("%d %b %Y") if value else "—"
