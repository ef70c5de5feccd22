"""The services that scripts/services.sh adds answer the official clients: stripe-mock, Mailpit, the CJK font."""
import shutil
import subprocess

import pytest
import stripe
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@pytest.fixture
def connect():
    """The official Stripe client on the Connect API base (stripe-mock in tests)."""
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_CONNECT_API_BASE})


# --- stripe-mock ---------------------------------------------------------------------------

def test_connect_onboarding_and_a_transfer_go_through_the_official_client(connect):
    account = connect.v1.accounts.create(params={
        "type": "express", "country": "PT", "email": "spa@example.test",
        "capabilities": {"transfers": {"requested": True}},
    })
    assert account.id.startswith("acct_")
    assert (account.type, account.country, account.email) == ("express", "PT", "spa@example.test")

    link = connect.v1.account_links.create(params={
        "account": account.id, "type": "account_onboarding",
        "refresh_url": "http://127.0.0.1:8000/connect/refresh",
        "return_url": "http://127.0.0.1:8000/connect/done",
    })
    assert link.object == "account_link"
    assert link.url.startswith("https://")

    transfer = connect.v1.transfers.create(
        params={"amount": 4850, "currency": "eur", "destination": account.id,
                "transfer_group": "payout-42-2026-11-a"},
        options={"idempotency_key": "payout-42-2026-11-a"},
    )
    assert transfer.id.startswith("tr_")
    assert (transfer.amount, transfer.currency, transfer.destination, transfer.transfer_group) == (
        4850, "eur", account.id, "payout-42-2026-11-a")


def test_connect_requests_are_checked_against_stripes_published_api(connect):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        connect.v1.transfers.create(params={"amount": "48.50", "currency": "eur", "destination": "acct_1"})
    assert refused.value.http_status == 400
    assert "amount" in str(refused.value)

    with pytest.raises(stripe.InvalidRequestError):
        connect.v1.transfers.create(
            params={"amount": 100, "currency": "eur", "destination": "acct_1", "payee": "x"})


def test_stripe_mock_keeps_nothing_so_a_read_returns_its_fixture(connect):
    # What the code under test must not rely on: stripe-mock answers a read with its fixture,
    # not with what was created, and it does not replay an idempotency key.
    created = connect.v1.transfers.create(
        params={"amount": 4850, "currency": "eur", "destination": "acct_1"},
        options={"idempotency_key": "same-key"})
    read = connect.v1.transfers.retrieve(created.id)
    assert read.id == created.id
    assert read.amount != 4850
    again = connect.v1.transfers.create(
        params={"amount": 4850, "currency": "eur", "destination": "acct_1"},
        options={"idempotency_key": "same-key"})
    assert again.id != created.id


# --- Mailpit -------------------------------------------------------------------------------

def test_mail_sent_over_smtp_arrives_in_mailpit_with_html_text_and_attachment(mailpit):
    to = mailpit.address("buyer")
    pdf = b"%PDF-1.4 voucher \xe4\xb8\xad\xe6\x96\x87"
    message = EmailMultiAlternatives(
        subject="Your voucher for Pão de Açúcar 按摩",
        body="Show code ABCD-1234 at the counter.",
        to=[to],
    )
    message.attach_alternative("<p>Show code <strong>ABCD-1234</strong> at the counter.</p>", "text/html")
    message.attach("voucher.pdf", pdf, "application/pdf")
    assert message.send() == 1

    caught = mailpit.wait_for_message(to=to)
    assert caught["Subject"] == "Your voucher for Pão de Açúcar 按摩"
    assert [r["Address"] for r in caught["To"]] == [to]
    assert caught["From"]["Address"] == "deals@dealmarket.local"
    assert caught["Text"].strip() == "Show code ABCD-1234 at the counter."
    assert "<strong>ABCD-1234</strong>" in caught["HTML"]
    assert [(a["FileName"], a["ContentType"]) for a in caught["Attachments"]] == [
        ("voucher.pdf", "application/pdf")]
    assert mailpit.attachment(caught, "voucher.pdf") == pdf


def test_mail_to_another_address_is_not_seen_by_this_test(mailpit):
    mine, other = mailpit.address("mine"), mailpit.address("other")
    EmailMultiAlternatives(subject="For the other one", body="-", to=[other]).send()
    mailpit.wait_for_message(to=other)
    assert mailpit.messages_to(mine) == []


# --- the CJK font for PDFs -----------------------------------------------------------------

def test_reportlab_embeds_the_cjk_font_and_prints_chinese_and_portuguese(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WenQuanYiMicroHei", CJK_FONT, subfontIndex=0))
    path = tmp_path / "probe.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont("WenQuanYiMicroHei", 14)
    pdf.drawString(72, 720, "上海外滩按摩 — Pão de Açúcar, €48,00")
    pdf.save()

    assert shutil.which("pdffonts"), "poppler-utils is missing (scripts/services.sh start fonts)"
    header, _rule, *rows = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    emb = header.index(" emb ") + 1
    wqy = [row for row in rows if "WenQuanYiMicroHei" in row]
    assert wqy, rows
    assert all("TrueType" in row and row[emb:emb + 3] == "yes" for row in wqy), rows
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert text.strip() == "上海外滩按摩 — Pão de Açúcar, €48,00"
