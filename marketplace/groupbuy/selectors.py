"""Reading group-buy state: how far a deal is from its minimum."""
from dataclasses import dataclass

from marketplace.deals.lifecycle import deal_units_sold
from marketplace.deals.models import Deal

from .models import DealTipping
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
