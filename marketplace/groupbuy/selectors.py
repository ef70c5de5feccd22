"""Reading group-buy state: how far a deal is from its minimum, a buyer's pledges."""
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from marketplace.deals.lifecycle import deal_units_sold
from marketplace.deals.models import Deal

from .models import DealTipping, Pledge
from .pledges import ENDED, OPEN
from .services import deal_units_pledged


@dataclass(frozen=True)
class TippingProgress:
    minimum: int
    bought: int
    tipped: bool
    closed: bool

    @property
    def needed(self) -> int:
        return 0 if self.tipped else max(self.minimum - self.bought, 0)

    @property
    def text(self) -> str:
        if self.closed:
            return f"{self.bought} bought; the deal did not reach its minimum of {self.minimum}."
        if self.tipped:
            return f"{self.bought} bought. The deal is on!"
        return f"{self.bought} bought, {self.needed} more needed"


def deal_tipping_progress(*, deal: Deal) -> TippingProgress | None:
    """None for a deal without a minimum. After tipping, sales count as the deal's units sold."""
    if not deal.min_buyers:
        return None
    tipping = DealTipping.objects.filter(deal=deal).first()
    tipped = bool(tipping and tipping.tipped_at)
    bought = deal_units_pledged(deal=deal)
    if tipped:
        bought = max(bought, deal_units_sold(deal))
    return TippingProgress(minimum=deal.min_buyers, bought=bought, tipped=tipped,
                           closed=bool(tipping and tipping.closed_at))


@dataclass(frozen=True)
class BuyerPledge:
    """A buyer's pledge toward a deal's minimum, as My vouchers shows it."""

    pledge: Pledge
    progress: TippingProgress | None

    @property
    def state(self) -> str:
        return self.pledge.status


# Ended pledges stay in My vouchers this long, so the buyer sees how it ended.
ENDED_SHOWN_FOR = timedelta(days=14)


def pledges_for_buyer(*, user) -> list[BuyerPledge]:
    """The signed-in buyer's pledges still open, and those that ended lately (not paid ones:
    those became vouchers)."""
    if not getattr(user, "is_authenticated", False):
        return []
    recent = timezone.now() - ENDED_SHOWN_FOR
    pledges = (Pledge.objects.filter(attempt__order__user=user)
               .filter(Q(status__in=OPEN) | Q(status__in=ENDED, updated_at__gte=recent))
               .select_related("deal__product", "deal__merchant", "attempt__order")
               .order_by("-created_at"))
    return [BuyerPledge(pledge=p, progress=deal_tipping_progress(deal=p.deal)) for p in pledges]
