"""Shapes of the point-of-sale API: requests are validated here, answers built from outcomes."""
from rest_framework import serializers

from vouchers import codes
from vouchers.bookings import booking_standing
from vouchers.models import Redemption
from vouchers.redemption import Checked, Refusal, redeemer_label, stores_named


class VerifyRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, allow_blank=True, trim_whitespace=True)


class RedeemRequestSerializer(serializers.Serializer):
    codes = serializers.ListField(
        child=serializers.CharField(max_length=64, allow_blank=True), min_length=1, max_length=20)
    location = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class UndoRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True, trim_whitespace=True)


class ReconciliationQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    detail = serializers.DictField()


class StoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class StandingRedemptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    redeemed_at = serializers.DateTimeField()
    location = StoreSerializer()
    redeemed_by = serializers.CharField()


class BookingSerializer(serializers.Serializer):
    """The slot a voucher is booked for (bookable deals, docs/trades.md)."""

    id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    location = StoreSerializer()


class VoucherSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    deal = serializers.CharField()
    option = serializers.CharField()
    holder_first_name = serializers.CharField()
    status = serializers.CharField()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    valid_at = StoreSerializer(many=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    paid_value_only = serializers.BooleanField()
    redeemable = serializers.BooleanField()
    reason = ErrorSerializer(allow_null=True)
    redemption = StandingRedemptionSerializer(allow_null=True)
    # The trade's terms (docs/trades.md): a pass's uses, when it may be used, its booking.
    kinds = serializers.ListField(child=serializers.CharField())
    uses_total = serializers.IntegerField()
    uses_left = serializers.IntegerField()
    one_use_per_day = serializers.BooleanField()
    usage_windows = serializers.CharField(allow_blank=True)
    booking = BookingSerializer(allow_null=True)


class RedemptionSerializer(serializers.Serializer):
    # A plain Serializer: a ModelSerializer rebuilds its fields from the model on every
    # request, which the tills pay for on each redeem.
    id = serializers.IntegerField()
    batch = serializers.UUIDField()
    voucher = serializers.IntegerField(source="voucher_id")
    code = serializers.SerializerMethodField()
    deal = serializers.CharField(source="voucher.deal.product.title")
    option = serializers.CharField(source="voucher.option.title")
    location = StoreSerializer()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    paid_value_only = serializers.BooleanField()
    client = serializers.ChoiceField(choices=Redemption.Client.choices)
    redeemed_by = serializers.SerializerMethodField()
    redeemed_at = serializers.DateTimeField()
    undone_at = serializers.DateTimeField(allow_null=True)
    undo_reason = serializers.CharField(allow_blank=True)
    # Which use of the voucher this was, and how many it has left now (a pass).
    use_number = serializers.IntegerField()
    uses_total = serializers.IntegerField(source="voucher.uses_total")
    uses_left = serializers.IntegerField(source="voucher.uses_left")
    booking = BookingSerializer(allow_null=True)

    def get_code(self, obj) -> str:
        return codes.display(obj.voucher.code)

    def get_redeemed_by(self, obj) -> str:
        return redeemer_label(obj)

    def to_representation(self, instance) -> dict:
        # The fields above describe the answer (schema, docs); redemption_data builds it.
        return redemption_data(instance)


def redemption_data(instance: Redemption) -> dict:
    """A redemption as the API answers it, built directly: DRF deep-copies every declared
    field of RedemptionSerializer per instance, a visible share of a till's redeem.
    tests/api/test_redemptions.py checks both give the same answer."""
    voucher = instance.voucher
    return {
        "id": instance.pk,
        "batch": str(instance.batch),
        "voucher": instance.voucher_id,
        "code": codes.display(voucher.code),
        "deal": voucher.deal.product.title,
        "option": voucher.option.title,
        "location": {"id": instance.location.pk, "name": instance.location.name},
        "amount": _MONEY.to_representation(instance.amount),
        "currency": instance.currency,
        "paid_value_only": instance.paid_value_only,
        "client": instance.client,
        "redeemed_by": redeemer_label(instance),
        "redeemed_at": _TIME.to_representation(instance.redeemed_at),
        "undone_at": (None if instance.undone_at is None
                      else _TIME.to_representation(instance.undone_at)),
        "undo_reason": instance.undo_reason,
        "use_number": instance.use_number,
        "uses_total": voucher.uses_total,
        "uses_left": voucher.uses_left,
        "booking": booking_data(instance.booking) if instance.booking_id else None,
    }


def booking_data(booking) -> dict | None:
    if booking is None:
        return None
    return {"id": booking.pk, "starts_at": _TIME.to_representation(booking.starts_at),
            "ends_at": _TIME.to_representation(booking.ends_at),
            "location": {"id": booking.location_id, "name": booking.location.name}}


_MONEY = serializers.DecimalField(max_digits=12, decimal_places=2)
_TIME = serializers.DateTimeField()


class RedeemResponseSerializer(serializers.Serializer):
    batch = serializers.UUIDField()
    redemptions = RedemptionSerializer(many=True)


class ReconciliationSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    redemptions = RedemptionSerializer(many=True)


def refusal_data(refusal: Refusal | None) -> dict | None:
    if refusal is None:
        return None
    return {"code": str(refusal.code), "message": refusal.message, "detail": refusal.detail}


def summary_data(checked: Checked, *, redemption=None) -> dict:
    v = checked.voucher
    terms = checked.terms
    return {
        "id": v.pk,
        "code": codes.display(v.code),
        "deal": v.deal.product.title,
        "option": v.option.title,
        "holder_first_name": (v.holder_name or "").split(" ")[0],
        "status": v.status,
        "valid_from": v.valid_from,
        "valid_until": v.valid_until,
        "valid_at": stores_named(v.deal),
        "amount": checked.amount,
        "currency": v.currency,
        "paid_value_only": checked.paid_value_only,
        "redeemable": checked.redeemable,
        "reason": refusal_data(checked.refusal),
        "redemption": None if redemption is None else {
            "id": redemption.pk, "redeemed_at": redemption.redeemed_at,
            "location": {"id": redemption.location_id, "name": redemption.location.name},
            "redeemed_by": redeemer_label(redemption),
        },
        "kinds": list(terms.kinds),
        "uses_total": v.uses_total,
        "uses_left": v.uses_left,
        "one_use_per_day": terms.one_use_per_day,
        "usage_windows": terms.windows_text,
        "booking": booking_data(checked.booking or booking_standing(voucher=v)),
    }
