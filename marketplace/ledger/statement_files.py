"""A statement as a CSV (one row per voucher, streamed) and as a PDF (reportlab's platypus, in a
font with the euro sign and CJK: settings.LEDGER_PDF_FONT)."""
import io
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from marketplace.deals.models import Deal

from .statements import Statement

FONT = "LedgerStatement"


def deal_titles(statement: Statement) -> dict[int, str]:
    return dict(Deal.objects.filter(merchant=statement.merchant)
                .values_list("pk", "product__title"))


def line_voucher(line: dict) -> str:
    """The voucher as the merchant can find it: its order number and place in the order."""
    return f"{line['order_number']}-{line['unit_index'] + 1}"


def line_events(line: dict) -> str:
    """What happened to a voucher in the period, in words."""
    events = [(line["sold"] and _("sold")), (line["redemptions"] and _("redeemed")),
              (line["undone"] and _("redemption undone")), (line["refunds"] and _("refunded")),
              (line["expired"] and _("expired unused")), (line["voided"] and _("voided"))]
    return ", ".join(e for e in events if e)


def statement_csv_rows(statement: Statement) -> Iterator[list]:
    zone = timezone.get_current_timezone()
    titles = deal_titles(statement)
    yield [_("date"), _("voucher"), _("deal"), _("what happened"), _("paid by the buyer"),
           _("refunded"), _("commission"), _("your share"), _("currency")]
    yield ["", "", "", _("opening balance"), "", "", "", statement.opening, statement.currency]
    for line in statement.lines.iterator(chunk_size=5000):
        yield [timezone.localtime(line["at"], zone).isoformat(), line_voucher(line),
               titles.get(line["deal_id"], ""), line_events(line), line["sold"], line["refunded"],
               line["commission"], line["earned"], statement.currency]
    for entry in statement.adjustments:
        amount = entry.amount if entry.credit in ("merchant", "reserve") else -entry.amount
        yield [timezone.localtime(entry.booked_at, zone).isoformat(), "", "",
               _("adjustment: %(reason)s") % {"reason": entry.reason}, "", "", "", amount,
               statement.currency]
    for payout in statement.payouts:
        yield [timezone.localtime(payout.cutoff, zone).isoformat(), "", "",
               _("payout %(id)s (%(status)s)") % {"id": payout.transfer_id or payout.pk,
                                                  "status": payout.get_status_display()},
               "", "", "", -payout.amount, statement.currency]
    yield ["", "", "", _("closing balance"), "", "", "", statement.closing, statement.currency]


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = Path(settings.LEDGER_PDF_FONT)
        if not path.exists():
            return "Helvetica"  # no font with the euro sign installed: the PDF still opens
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def statement_pdf(statement: Statement) -> bytes:
    font = _font()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = font
    cur = statement.currency
    totals = statement.totals
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            title=_("Statement"), author=settings.OSCAR_SHOP_NAME)
    period = _("%(start)s to %(end)s") % {
        "start": date_format(timezone.localtime(statement.start), "DATE_FORMAT"),
        "end": date_format(timezone.localtime(statement.end), "DATE_FORMAT")}
    story = [Paragraph(_("Statement of %(merchant)s") % {"merchant": statement.merchant.name},
                       styles["Title"]),
             Paragraph(period, styles["Normal"]), Spacer(1, 6 * mm)]
    summary = [
        [_("Opening balance"), f"{statement.opening} {cur}"],
        [_("Vouchers sold (%(n)s)") % {"n": totals.vouchers_sold}, f"{totals.sold} {cur}"],
        [_("Refunded (%(n)s)") % {"n": totals.refunds}, f"{totals.refunded} {cur}"],
        [_("Commission"), f"{totals.commission} {cur}"],
        [_("Your share of redeemed and expired vouchers"), f"{totals.earned} {cur}"],
        [_("Adjustments"), f"{totals.adjusted} {cur}"],
        [_("Paid out"), f"{totals.paid_out} {cur}"],
        [_("Closing balance"), f"{statement.closing} {cur}"],
        [_("Next payout"), _("%(amount)s %(cur)s after %(day)s") % {
            "amount": statement.next_payout.amount, "cur": cur,
            "day": date_format(timezone.localtime(statement.next_payout.on), "DATE_FORMAT")}],
    ]
    story += [_table(summary, font, widths=[110 * mm, 60 * mm]), Spacer(1, 6 * mm)]
    if statement.next_payout.blocker:
        story += [Paragraph(statement.next_payout.blocker, styles["Normal"]), Spacer(1, 4 * mm)]
    titles = deal_titles(statement)
    rows = [[_("Date"), _("Voucher"), _("Deal"), _("What happened"), _("Paid"), _("Refunded"),
             _("Commission"), _("Your share")]]
    for line in statement.lines.iterator(chunk_size=5000):
        rows.append([date_format(timezone.localtime(line["at"]), "SHORT_DATE_FORMAT"),
                     line_voucher(line),
                     Paragraph(titles.get(line["deal_id"], ""), styles["BodyText"]),
                     Paragraph(line_events(line), styles["BodyText"]), line["sold"],
                     line["refunded"], line["commission"], line["earned"]])
    story.append(_table(rows, font, header=True,
                        widths=[20 * mm, 15 * mm, 45 * mm, 30 * mm, 15 * mm, 15 * mm, 17 * mm, 17 * mm]))
    doc.build(story)
    return buffer.getvalue()


def _table(rows, font, *, widths, header=False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke))
    table.setStyle(TableStyle(style))
    return table
