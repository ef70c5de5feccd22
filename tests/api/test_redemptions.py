"""The point-of-sale API (vouchers/api/): every error code, idempotency, undo, reconciliation."""
import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.deals.models import Deal
from merchants.services import api_token_revoke
from tests.factories import create_paid_vouchers
from tests.factories.redemption import shop_with_vouchers
from vouchers import codes
from vouchers.models import Redemption, RedemptionAttempt, Voucher
from vouchers.services import voucher_transition

pytestmark = pytest.mark.django_db
VERIFY, REDEEM = "/api/v1/redemptions/verify/", "/api/v1/redemptions/"


def redeem(till, shop, plain_codes, key=None, location=None):
    return till.post(REDEEM, {"codes": plain_codes, "location": location or shop.store.pk},
                     format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()))


def assert_error(response, status, code):
    body = response.json()
    assert response.status_code == status, body
    assert body["code"] == code and body["message"] and isinstance(body["detail"], dict)
    return body


def test_verify_answers_the_voucher_summary_and_that_it_can_be_redeemed_here(till, shop):
    v = shop.vouchers[0]
    body = till.post(VERIFY, {"code": codes.display(v.plain_code)}, format="json").json()
    assert body["redeemable"] is True and body["reason"] is None
    assert body["id"] == v.pk and body["holder_first_name"] == "Ana"
    assert body["deal"] == shop.deal.title and body["valid_at"] == [
        {"id": shop.store.pk, "name": shop.store.name}]
    assert Voucher.objects.get(pk=v.pk).status == "issued"
    shop.token.refresh_from_db()
    assert shop.token.last_used_at is not None  # shown to the owner next to the token


def test_redeem_redeems_and_answers_each_redemption(till, shop):
    response = redeem(till, shop, [shop.vouchers[0].plain_code, shop.vouchers[1].plain_code])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [r["voucher"] for r in body["redemptions"]] == [shop.vouchers[0].pk, shop.vouchers[1].pk]
    assert all(r["client"] == "api" and r["location"]["id"] == shop.store.pk
               for r in body["redemptions"])
    assert Voucher.objects.filter(status="redeemed").count() == 2


def test_unknown_code_is_refused_with_unknown_code(till, shop):
    assert_error(redeem(till, shop, [codes.generate()]), 404, "unknown_code")
    assert_error(till.post(VERIFY, {"code": codes.generate()}, format="json"), 404, "unknown_code")


def test_foreign_merchants_code_is_answered_exactly_like_an_unknown_code(till, shop):
    foreign = shop_with_vouchers(name="Rival", quantity=1)
    for call in (lambda c: till.post(VERIFY, {"code": c}, format="json"),
                 lambda c: redeem(till, shop, [c])):
        unknown = codes.generate()
        a, b = call(foreign.vouchers[0].plain_code), call(unknown)
        assert a.status_code == b.status_code == 404
        body_a, body_b = a.json(), b.json()
        assert body_a["code"] == body_b["code"] == "unknown_code"
        assert body_a["message"] == body_b["message"]
        assert set(body_a["detail"]) == set(body_b["detail"])
        assert set(a.headers) == set(b.headers)


def test_already_redeemed_says_when_and_where(till, shop):
    code = shop.vouchers[0].plain_code
    assert redeem(till, shop, [code]).status_code == 201
    body = assert_error(redeem(till, shop, [code]), 409, "already_redeemed")
    assert body["detail"]["location"] == {"id": shop.store.pk, "name": shop.store.name}
    assert body["detail"]["redeemed_at"]
    verify = till.post(VERIFY, {"code": code}, format="json").json()
    assert verify["redeemable"] is False and verify["reason"]["code"] == "already_redeemed"
    assert verify["redemption"]["location"]["name"] == shop.store.name


def test_voucher_of_a_deal_not_valid_at_this_store_is_not_valid_here(shop):
    from merchants.services import api_token_create

    _, plain = api_token_create(location=shop.other_store, name="Belém till")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {plain}")
    body = assert_error(redeem(client, shop, [shop.vouchers[0].plain_code],
                               location=shop.other_store.pk), 422, "not_valid_here")
    assert body["detail"]["valid_at"] == [{"id": shop.store.pk, "name": shop.store.name}]


def test_not_yet_valid_and_expired(till, shop):
    later = create_paid_vouchers(deal=shop.deal, valid_from=timezone.now() + timedelta(days=1))[0]
    assert_error(redeem(till, shop, [later.plain_code]), 422, "not_yet_valid")
    Deal.objects.filter(pk=shop.deal.pk).update(expiry_policy=Deal.ExpiryPolicy.NO_REFUND)
    old = create_paid_vouchers(deal=shop.deal, valid_from=timezone.now() - timedelta(days=5),
                               valid_until=timezone.now() - timedelta(days=1))[0]
    assert_error(redeem(till, shop, [old.plain_code]), 422, "expired")


def test_refunded_voucher_is_refused(till, shop):
    v = shop.vouchers[0]
    with transaction.atomic():
        voucher_transition(voucher=Voucher.objects.select_for_update().get(pk=v.pk),
                           to_status="refunded", actor_label="test")
    assert_error(redeem(till, shop, [v.plain_code]), 422, "refunded")


def test_typo_is_invalid_format_and_changes_nothing(till, shop):
    code = shop.vouchers[0].plain_code
    swapped = code[:3] + code[4] + code[3] + code[5:] if code[3] != code[4] else code[:-1] + (
        "A" if code[-1] != "A" else "B")
    assert_error(redeem(till, shop, [swapped]), 400, "invalid_format")
    assert_error(till.post(VERIFY, {"code": "hello"}, format="json"), 400, "invalid_format")
    assert not Redemption.objects.exists()


@override_settings(REDEMPTION_FAILURE_LIMIT=3)
def test_repeated_failed_lookups_are_rate_limited_for_the_store(till, shop):
    for _ in range(3):
        assert_error(till.post(VERIFY, {"code": codes.generate()}, format="json"), 404,
                     "unknown_code")
    key = str(uuid.uuid4())
    assert_error(redeem(till, shop, [shop.vouchers[0].plain_code], key=key), 429, "rate_limited")
    cache.clear()  # the lockout ends
    # The same key runs again after the lockout: "try later" was not its final answer.
    assert redeem(till, shop, [shop.vouchers[0].plain_code], key=key).status_code == 201
    for _ in range(3):
        till.post(VERIFY, {"code": codes.generate()}, format="json")
    locked = till.post(VERIFY, {"code": shop.vouchers[0].plain_code}, format="json")
    assert_error(locked, 429, "rate_limited")
    assert int(locked.headers["Retry-After"]) > 0


def test_batch_is_all_or_none(till, shop):
    plain = [v.plain_code for v in shop.vouchers]
    assert redeem(till, shop, [plain[2]]).status_code == 201
    body = assert_error(redeem(till, shop, plain), 409, "already_redeemed")
    assert body["detail"]["voucher"] == shop.vouchers[2].pk
    assert Voucher.objects.filter(status="redeemed").count() == 1


def test_retry_with_the_same_key_returns_the_same_answer_and_never_redeems_twice(till, shop):
    key = str(uuid.uuid4())
    code = shop.vouchers[0].plain_code
    first = redeem(till, shop, [code], key=key)
    again = redeem(till, shop, [code], key=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    assert Redemption.objects.count() == 1
    assert VoucherEventCount(shop.vouchers[0]) == 2  # issued, redeemed
    # A new key for the same voucher is a new intent: it is refused, not replayed.
    assert_error(redeem(till, shop, [code]), 409, "already_redeemed")
    # The same key for another request is an error, not a silent replay.
    assert_error(redeem(till, shop, [shop.vouchers[1].plain_code], key=key), 422,
                 "idempotency_key_reused")


def VoucherEventCount(voucher):  # noqa: N802
    return Voucher.objects.get(pk=voucher.pk).events.count()


def test_a_refused_request_replays_its_refusal(till, shop):
    key = str(uuid.uuid4())
    unknown = codes.generate()
    first = redeem(till, shop, [unknown], key=key)
    assert first.status_code == 404
    assert redeem(till, shop, [unknown], key=key).json() == first.json()


def test_redeem_needs_an_idempotency_key_and_the_tokens_own_store(till, shop):
    response = till.post(REDEEM, {"codes": [shop.vouchers[0].plain_code],
                                   "location": shop.store.pk}, format="json")
    assert_error(response, 400, "idempotency_key_required")
    assert_error(redeem(till, shop, [shop.vouchers[0].plain_code], location=shop.other_store.pk),
                 403, "permission_denied")
    assert not Redemption.objects.exists()


def test_requests_without_a_valid_or_with_a_revoked_token_are_refused(shop):
    anonymous = APIClient()
    assert_error(anonymous.post(VERIFY, {"code": "x"}, format="json"), 401, "not_authenticated")
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token mkp_not-a-token")
    assert_error(bad.post(VERIFY, {"code": "x"}, format="json"), 401, "not_authenticated")
    api_token_revoke(token=shop.token)
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Token {shop.plain_token}")
    assert_error(revoked.post(VERIFY, {"code": shop.vouchers[0].plain_code}, format="json"),
                 401, "not_authenticated")


def test_invalid_bodies_are_invalid_request(till, shop):
    assert_error(till.post(VERIFY, {}, format="json"), 400, "invalid_request")
    assert_error(till.post(REDEEM, {"codes": "x", "location": "here"}, format="json",
                           HTTP_IDEMPOTENCY_KEY="k1"), 400, "invalid_request")


def test_undo_within_the_window_with_a_reason(till, shop):
    redemption_id = redeem(till, shop, [shop.vouchers[0].plain_code]).json()["redemptions"][0]["id"]
    url = f"/api/v1/redemptions/{redemption_id}/undo/"
    assert_error(till.post(url, {"reason": ""}, format="json"), 400, "reason_required")
    body = till.post(url, {"reason": "guest changed their mind"}, format="json").json()
    assert body["undone_at"] and body["undo_reason"] == "guest changed their mind"
    assert Voucher.objects.get(pk=shop.vouchers[0].pk).status == "issued"
    assert_error(till.post(url, {"reason": "again"}, format="json"), 409, "not_redeemed")
    assert_error(till.post("/api/v1/redemptions/999999/undo/", {"reason": "x"}, format="json"),
                 404, "not_found")


def test_redemption_answers_match_their_documented_fields(till, shop):
    """RedemptionSerializer builds its answer by hand (the tills' hot path): it must stay
    what DRF would build from the documented fields, for standing and undone redemptions."""
    from rest_framework import serializers

    from vouchers.api.serializers import RedemptionSerializer

    first = redeem(till, shop, [shop.vouchers[0].plain_code]).json()["redemptions"][0]
    till.post(f"/api/v1/redemptions/{first['id']}/undo/", {"reason": "wrong table"},
              format="json")
    redeem(till, shop, [shop.vouchers[0].plain_code, shop.vouchers[1].plain_code])
    rows = Redemption.objects.select_related("voucher__deal__product", "voucher__option",
                                             "location", "redeemed_by", "api_token")
    assert rows.count() == 3 and rows.filter(undone_at__isnull=False).count() == 1
    for row in rows:
        by_hand = RedemptionSerializer(row).data
        by_drf = serializers.Serializer.to_representation(RedemptionSerializer(row), row)
        assert by_hand == dict(by_drf)
        assert list(by_hand) == list(RedemptionSerializer().fields)


def test_a_till_cannot_undo_another_merchants_redemption(till, shop):
    foreign = shop_with_vouchers(name="Rival", quantity=1)
    foreign_till = APIClient()
    foreign_till.credentials(HTTP_AUTHORIZATION=f"Token {foreign.plain_token}")
    theirs = redeem(foreign_till, foreign, [foreign.vouchers[0].plain_code]).json()
    url = f"/api/v1/redemptions/{theirs['redemptions'][0]['id']}/undo/"
    assert_error(till.post(url, {"reason": "x"}, format="json"), 404, "not_found")
    assert Voucher.objects.get(pk=foreign.vouchers[0].pk).status == "redeemed"


def test_reconciliation_lists_this_stores_redemptions_since_a_time(till, shop):
    before = timezone.now() - timedelta(seconds=1)
    redeem(till, shop, [shop.vouchers[0].plain_code])
    redeem(till, shop, [shop.vouchers[1].plain_code])
    foreign = shop_with_vouchers(name="Rival", quantity=1)
    foreign_till = APIClient()
    foreign_till.credentials(HTTP_AUTHORIZATION=f"Token {foreign.plain_token}")
    redeem(foreign_till, foreign, [foreign.vouchers[0].plain_code])
    body = till.get(REDEEM, {"since": before.isoformat()}).json()
    assert [r["voucher"] for r in body["redemptions"]] == [shop.vouchers[0].pk, shop.vouchers[1].pk]
    assert till.get(REDEEM, {"since": timezone.now().isoformat()}).json()["redemptions"] == []
    assert_error(till.get(REDEEM, {"since": "yesterday"}), 400, "invalid_request")


def test_every_api_attempt_is_audited_with_client_api_and_store(till, shop):
    redeem(till, shop, [shop.vouchers[0].plain_code])
    redeem(till, shop, [codes.generate()])
    results = list(RedemptionAttempt.objects.order_by("id").values_list(
        "client", "location", "result", "api_token"))
    assert results == [("api", shop.store.pk, "ok", shop.token.pk),
                       ("api", shop.store.pk, "unknown_code", shop.token.pk)]
