"""Point-of-sale API: thin views over vouchers/redemption.py (the same rules as the counter page)."""
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from vouchers import codes, redemption
from vouchers.error_codes import DEFAULT_MESSAGES, HTTP_STATUS, RedemptionError
from vouchers.models import Redemption

from . import idempotency
from .authentication import StoreTokenAuthentication
from .serializers import (
    ErrorSerializer, ReconciliationQuerySerializer, ReconciliationSerializer,
    RedeemRequestSerializer, RedeemResponseSerializer, RedemptionSerializer,
    UndoRequestSerializer, VerifyRequestSerializer, VoucherSummarySerializer, redemption_data,
    refusal_data, summary_data,
)

E = RedemptionError
RECONCILIATION_LIMIT = 1000
IDEMPOTENCY_KEY_MAX_LENGTH = 100


def error(code: RedemptionError, message: str | None = None, detail: dict | None = None,
          http_status: int | None = None) -> Response:
    return Response(
        {"code": str(code), "message": str(message or DEFAULT_MESSAGES[code]),
         "detail": detail or {}},
        status=http_status or HTTP_STATUS[code])


def refusal_response(refusal) -> Response:
    response = Response(refusal_data(refusal), status=HTTP_STATUS[refusal.code])
    if refusal.code == E.RATE_LIMITED:
        response["Retry-After"] = str(settings.REDEMPTION_LOCKOUT_SECONDS)
    return response


class IsStoreToken(BasePermission):
    def has_permission(self, request, view):
        return getattr(request.auth, "location", None) is not None


ERRORS = {code: OpenApiResponse(ErrorSerializer) for code in (400, 401, 403, 404, 409, 422, 429)}


class PosView(APIView):
    authentication_classes = [StoreTokenAuthentication]
    permission_classes = [IsStoreToken]

    def counter(self, request):
        return redemption.counter_for_token(token=request.auth)

    def handle_exception(self, exc):
        # Every error is JSON with a stable machine code and a human message.
        if isinstance(exc, (exceptions.NotAuthenticated, exceptions.AuthenticationFailed)):
            return error(E.NOT_AUTHENTICATED, exc.detail,
                         http_status=status.HTTP_401_UNAUTHORIZED)
        if isinstance(exc, exceptions.PermissionDenied):
            return error(E.PERMISSION_DENIED)
        if isinstance(exc, exceptions.ValidationError):
            return error(E.INVALID_REQUEST, detail={"fields": exc.detail})
        if isinstance(exc, exceptions.NotFound):
            return error(E.NOT_FOUND)
        if isinstance(exc, exceptions.APIException):
            return error(E.INVALID_REQUEST, exc.detail, http_status=exc.status_code)
        return super().handle_exception(exc)

    def valid(self, serializer_class, data):
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class VerifyView(PosView):
    @extend_schema(
        operation_id="redemptions_verify", request=VerifyRequestSerializer,
        responses={200: VoucherSummarySerializer, **ERRORS},
        description="The voucher behind a code, and whether this store can redeem it now.")
    def post(self, request):
        data = self.valid(VerifyRequestSerializer, request.data)
        outcome = redemption.voucher_verify(counter=self.counter(request), code=data["code"])
        if not outcome.ok:
            return refusal_response(outcome.refusal)
        checked = outcome.checked[0]
        return Response(summary_data(checked, redemption=redemption.standing_redemption(
            checked.voucher) if checked.voucher.status == "redeemed" else None))


class RedemptionsView(PosView):
    @extend_schema(
        operation_id="redemptions_create", request=RedeemRequestSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", {"type": "string", "minLength": 1,
                                                       "maxLength": IDEMPOTENCY_KEY_MAX_LENGTH},
                                     OpenApiParameter.HEADER,
                                     required=True, description="One key per redeem intent.")],
        responses={201: RedeemResponseSerializer, **ERRORS},
        description="Redeem every code at the store, or none. A retry with the same "
                    "Idempotency-Key returns the first answer and never redeems twice.")
    def post(self, request):
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH:
            return error(E.IDEMPOTENCY_KEY_REQUIRED)
        data = self.valid(RedeemRequestSerializer, request.data)
        counter = self.counter(request)
        if data["location"] != counter.location.pk:
            return error(E.PERMISSION_DENIED, _("This token belongs to another store."))
        payload = {"codes": sorted(codes.normalize(c) for c in data["codes"]),
                   "location": data["location"]}

        def run():
            outcome = redemption.vouchers_redeem_together(counter=counter,
                                                          codes_typed=data["codes"])
            if not outcome.ok:
                return HTTP_STATUS[outcome.refusal.code], refusal_data(outcome.refusal)
            body = {"batch": outcome.redemptions[0].batch,
                    "redemptions": [redemption_data(r) for r in outcome.redemptions]}
            return status.HTTP_201_CREATED, body

        code, body, replayed = idempotency.run_once(token=request.auth, key=key,
                                                    payload=payload, run=run)
        if code is None:
            return error(E.IDEMPOTENCY_KEY_REUSED)
        response = Response(body, status=code)
        if code == 429:
            response["Retry-After"] = str(settings.REDEMPTION_LOCKOUT_SECONDS)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        operation_id="redemptions_list",
        parameters=[OpenApiParameter("since", OpenApiTypes.DATETIME,
                                     OpenApiParameter.QUERY, required=True,
                                     description="ISO 8601 time; redemptions at this store "
                                                 "since then (including undone ones).")],
        responses={200: ReconciliationSerializer, **ERRORS})
    def get(self, request):
        data = self.valid(ReconciliationQuerySerializer, request.query_params)
        since = data["since"]
        if timezone.is_naive(since):
            since = timezone.make_aware(since, timezone.utc)
        rows = (Redemption.objects.filter(location=request.auth.location, redeemed_at__gte=since)
                .select_related("voucher__deal__product", "voucher__option", "location",
                                "redeemed_by", "api_token", "booking__location")
                .order_by("redeemed_at", "id")[:RECONCILIATION_LIMIT])
        return Response({"since": since,
                         "redemptions": [redemption_data(r) for r in rows]})


class UndoView(PosView):
    @extend_schema(
        operation_id="redemptions_undo", request=UndoRequestSerializer,
        responses={200: RedemptionSerializer, **ERRORS},
        description="Undo a redemption of this store within the undo window, with a reason.")
    def post(self, request, pk: int):
        data = self.valid(UndoRequestSerializer, request.data)
        try:
            undone = redemption.voucher_unredeem(redemption_id=pk, counter=self.counter(request),
                                                 reason=data["reason"])
        except redemption.UndoRefused as refused:
            return refusal_response(refused.refusal)
        undone = (Redemption.objects.select_related("voucher__deal__product", "voucher__option",
                                                    "location", "redeemed_by", "api_token")
                  .get(pk=undone.pk))
        return Response(redemption_data(undone))
