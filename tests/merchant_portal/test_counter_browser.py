"""The counter page in Chromium: a cashier redeems by typed code and by QR (a generated QR
image decoded in the page); the browser's check character agrees with vouchers/codes.py."""
import io
import random

import pytest
import segno
from PIL import Image

from tests.browser import assert_no_csp_violations, sign_in, watch_csp
from tests.conftest import CHROMIUM
from tests.factories.redemption import shop_with_vouchers
from vouchers import codes
from vouchers.models import Voucher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _typos(code: str, rng: random.Random) -> list[str]:
    """Every kind of slip a cashier makes: one wrong character, two neighbours swapped."""
    out = []
    i = rng.randrange(len(code))
    out.append(code[:i] + rng.choice([c for c in codes.ALPHABET if c != code[i]]) + code[i + 1:])
    j = rng.randrange(len(code) - 1)
    if code[j] != code[j + 1]:
        out.append(code[:j] + code[j + 1] + code[j] + code[j + 2:])
    return out


def test_browser_and_python_agree_on_every_code_and_typo(page, live_server):
    rng = random.Random(7)
    samples = [codes.generate() for _ in range(300)]
    candidates = samples + [t for c in samples for t in _typos(c, rng)] + [
        "", "2345", "IIII-OOOO-1111-0000", samples[0] + "2"]
    page.goto(live_server.url + "/static/js/voucher-code.js")
    page.add_script_tag(url="/static/js/voucher-code.js")
    browser = page.evaluate(
        """(items) => items.map(c => [VoucherCode.isWellFormed(VoucherCode.normalize(c)),
                                      c.length >= 15 ? VoucherCode.checkCharacter(c.slice(0, 15)) : null])""",
        candidates)
    python = [[codes.is_well_formed(codes.normalize(c)),
               codes.check_character(c[:15]) if len(c) >= 15 and all(
                   x in codes.ALPHABET for x in c[:15]) else None] for c in candidates]
    for c, b, p in zip(candidates, browser, python):
        assert b[0] == p[0], c
        if p[1] is not None:
            assert b[1] == p[1], c
    assert sum(ok for ok, _ in python) == len(samples)  # every typo is caught


def test_cashier_redeems_a_typed_code_and_a_typo_never_reaches_the_server(page, live_server):
    shop = shop_with_vouchers(quantity=1)
    code = shop.vouchers[0].plain_code
    sign_in(page, live_server, shop.cashier)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(f"/merchant/{shop.merchant.slug}/redeem/")
    field = page.locator("#id_code")
    typo = code[:-1] + ("2" if code[-1] != "2" else "3")
    field.press_sequentially(typo.lower())
    assert field.input_value() == codes.display(typo)  # formatted as typed
    assert page.locator("#code-hint").get_attribute("data-state") == "invalid"
    assert page.locator("#check-button").is_disabled()
    field.press("Enter")
    assert posts == []
    field.fill("")
    field.press_sequentially(code)
    assert page.locator("#code-hint").get_attribute("data-state") == "valid"
    page.locator("#check-button").click()
    card = page.get_by_test_id("voucher-card")
    assert shop.deal.title in card.inner_text() and "Ana" in card.inner_text()
    page.get_by_test_id("confirm").click()
    assert page.get_by_test_id("result").get_attribute("data-result") == "ok"
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "redeemed"
    # The same code again: refused, with when, where and by whom.
    page.get_by_test_id("next").click()
    page.locator("#id_code").press_sequentially(code)
    page.locator("#check-button").click()
    info = page.get_by_test_id("redeemed-info").inner_text()
    assert shop.store.name in info and "Carla" in info
    assert page.get_by_test_id("confirm").count() == 0


def test_cashier_scans_a_vouchers_qr_and_redeems_the_whole_order_together(page, live_server,
                                                                         tmp_path):
    shop = shop_with_vouchers(quantity=4)
    first = shop.vouchers[0]
    image = tmp_path / "voucher-qr.png"
    segno.make_qr(f"https://deals.example/v/{codes.display(first.plain_code)}", error="m").save(
        str(image), scale=8, border=4)
    sign_in(page, live_server, shop.cashier)
    page.goto(f"/merchant/{shop.merchant.slug}/redeem/")
    page.locator("#qr-photo").set_input_files(str(image))
    card = page.get_by_test_id("voucher-card")
    card.wait_for()
    page.wait_for_load_state()  # the page's script (the "tick all" button) has run
    assert shop.deal.title in card.inner_text()
    assert page.locator(".siblings input[type=checkbox]").count() == 3
    page.locator("#tick-all").click()
    page.get_by_test_id("confirm").click()
    result = page.get_by_test_id("result")
    assert result.get_attribute("data-result") == "ok" and "4 vouchers" in result.inner_text()
    assert Voucher.objects.filter(pk__in=[v.pk for v in shop.vouchers],
                                  status="redeemed").count() == 4


def _qr_video(path, text: str, size: int = 320):
    """A Y4M clip (what Chromium's fake camera plays) showing the QR of ``text``."""
    buffer = io.BytesIO()
    segno.make_qr(text, error="m").save(buffer, kind="png", scale=6, border=4)
    qr = Image.open(buffer).convert("RGB")
    frame = Image.new("RGB", (size, size), "white")
    frame.paste(qr, ((size - qr.width) // 2, (size - qr.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (size // 2, size // 2)
    with open(path, "wb") as f:
        f.write(f"YUV4MPEG2 W{size} H{size} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            f.write(b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes()
                    + cr.resize(half).tobytes())


def test_cashier_scans_a_qr_with_the_live_camera(_playwright, live_server, tmp_path):
    shop = shop_with_vouchers(quantity=1)
    clip = tmp_path / "camera.y4m"
    _qr_video(clip, codes.display(shop.vouchers[0].plain_code))  # as the voucher PDF prints it
    camera_browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={clip}"])
    try:
        context = camera_browser.new_context(viewport={"width": 390, "height": 844},
                                             base_url=live_server.url)
        context.grant_permissions(["camera"], origin=live_server.url)
        csp_violations = watch_csp(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        sign_in(page, live_server, shop.cashier)
        page.goto(f"/merchant/{shop.merchant.slug}/redeem/")
        page.locator("#scan-button").click()
        card = page.get_by_test_id("voucher-card")
        card.wait_for()
        assert shop.deal.title in card.inner_text()
        page.get_by_test_id("confirm").click()
        assert page.get_by_test_id("result").get_attribute("data-result") == "ok"
        assert_no_csp_violations(csp_violations)
    finally:
        camera_browser.close()
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "redeemed"
