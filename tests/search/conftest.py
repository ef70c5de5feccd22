"""Deal-index fixtures: a small catalogue of deals around Lisbon and Porto, and a clean index."""
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec
from search import services
from tests.factories import (
    CategoryFactory, DealFactory, LocationFactory, MerchantFactory, create_paid_order_line,
)

Category = get_model("catalogue", "Category")

CHIADO = (38.7107, -9.1425)
ALFAMA = (38.7118, -9.1300)
BELEM = (38.6975, -9.2060)
PARQUE = (38.7680, -9.0940)
RIBEIRA = (41.1407, -8.6131)


@pytest.fixture
def es_index():
    """This run's deal index, empty before and removed after the test."""
    services.search_index_delete_all()
    yield
    services.search_index_delete_all()


def store(merchant, point, city="Lisbon", name=None):
    return LocationFactory(merchant=merchant, city=city, name=name or f"{merchant.name} {city}",
                           latitude=Decimal(str(point[0])), longitude=Decimal(str(point[1])))


def deal(title, *, price, value, stores, categories=(), merchant=None, units=100, **kwargs):
    merchant = merchant or stores[0].merchant
    return DealFactory(merchant=merchant, title=title, locations=stores, categories=list(categories),
                       options=[OptionSpec("Voucher", Decimal(price), Decimal(value), units)], **kwargs)


@dataclass
class Catalogue:
    beauty: object
    massage: object
    nails: object
    food: object
    restaurants: object
    massage_deal: Deal  # Chiado, 39 (worth 80), not tipped yet
    nails_deal: Deal  # Alfama + Belém, 15 (worth 30)
    dinner_deal: Deal  # Porto, 45 (worth 70)
    seafood_deal: Deal  # Parque das Nações, 120 (worth 160), ends in 2 hours
    stone_deal: Deal  # one store at (0, 0), one in Belém, 55 (worth 60)
    ended_deal: Deal
    upcoming_deal: Deal

    @property
    def live(self) -> list[Deal]:
        return [self.massage_deal, self.nails_deal, self.dinner_deal, self.seafood_deal, self.stone_deal]


@pytest.fixture
def catalogue(db) -> Catalogue:
    now = timezone.now()
    beauty = CategoryFactory("Beauty & spa")
    massage = CategoryFactory("Massage", parent=beauty)
    nails = CategoryFactory("Nails", parent=Category.objects.get(pk=beauty.pk))
    food = CategoryFactory("Food & drink")
    restaurants = CategoryFactory("Restaurants", parent=food)

    spa = MerchantFactory(name="Serenity Spa")
    massage_deal = deal("Relaxing massages for couples", price="39", value="80",
                        stores=[store(spa, CHIADO, name="Serenity Chiado")], categories=[massage],
                        highlights="Sixty minutes of aromatherapy\nHerbal tea after",
                        description="A calm room in Chiado for two people.", min_buyers=5)
    nailbar = MerchantFactory(name="Polish Bar")
    nails_deal = deal("Gel nails manicure", price="15", value="30", categories=[nails],
                      stores=[store(nailbar, ALFAMA, name="Polish Alfama"),
                              store(nailbar, BELEM, name="Polish Belém")],
                      highlights="Long-lasting gel colour")
    tasca = MerchantFactory(name="Tasca do Bairro")
    dinner_deal = deal("Three-course dinner with wine", price="45", value="70",
                       categories=[restaurants], stores=[store(tasca, RIBEIRA, city="Porto")],
                       highlights="Starter, main and dessert\nA bottle of house wine")
    mar = MerchantFactory(name="Casa Marítima")
    seafood_deal = deal("Seafood platter for two", price="120", value="160", categories=[restaurants],
                        stores=[store(mar, PARQUE)], sale_ends_at=now + timedelta(hours=2),
                        description="Prawns, clams and crab by the river.")
    stones = MerchantFactory(name="Stone Temple")
    stone_deal = deal("Hot stone massage", price="55", value="60", categories=[massage],
                      stores=[store(stones, (0, 0), name="Stone nowhere"),
                              store(stones, BELEM, name="Stone Belém")])
    ended_deal = deal("Ended massage offer", price="10", value="50", categories=[massage],
                      stores=[store(spa, CHIADO, name="Serenity old")],
                      sale_starts_at=now - timedelta(days=10), sale_ends_at=now - timedelta(days=1))
    upcoming_deal = deal("Upcoming yoga class massage", price="12", value="20", categories=[beauty],
                         stores=[store(spa, CHIADO, name="Serenity yoga")],
                         sale_starts_at=now + timedelta(days=1), sale_ends_at=now + timedelta(days=9))
    create_paid_order_line(deal=nails_deal, quantity=7)
    create_paid_order_line(deal=dinner_deal, quantity=3)
    Deal.objects.filter(pk=dinner_deal.pk).update(rating=Decimal("4.50"), rating_count=8)
    return Catalogue(beauty, massage, nails, food, restaurants, massage_deal, nails_deal,
                     dinner_deal, seafood_deal, stone_deal, ended_deal, upcoming_deal)


@pytest.fixture
def indexed(catalogue, es_index) -> Catalogue:
    """The catalogue, indexed behind the alias."""
    services.search_index_rebuild()
    return catalogue
