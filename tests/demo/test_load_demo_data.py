"""`manage.py load_demo_data`: the same seed gives the same data; three working demo logins."""
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.curation.staff import CURATOR_GROUP
from marketplace.deals.models import Deal
from marketplace.demo import loader
from marketplace.ledger.statements import statement_build
from merchants.models import Membership, Merchant

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def _snapshot():
    return [
        (d.title, d.review_status, d.sale_starts_at, d.sale_ends_at, d.merchant.name,
         sorted(loc.city for loc in d.locations.all()),
         [(o.product.title, o.product.stockrecords.get().price, o.value,
           o.product.stockrecords.get().num_in_stock, o.product.stockrecords.get().num_allocated)
          for o in d.options.all()])
        for d in Deal.objects.order_by("pk").select_related("merchant", "product")
    ]


def test_the_same_seed_loads_the_same_deals_prices_and_stores():
    # The first load is rolled back rather than deleted: the demo's money is in the ledger,
    # whose entries are never deleted (they protect their merchants, deals and vouchers).
    with transaction.atomic():
        call_command("load_demo_data", seed=7, deals=8, verbosity=0)
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Deal.objects.exists()
    call_command("load_demo_data", seed=7, deals=8, verbosity=0)

    assert _snapshot() == first
    assert len(first) == 8
    call_command("load_demo_data", seed=8, deals=8, verbosity=0)
    assert _snapshot()[8:] != first


def test_demo_data_has_images_categories_mixed_statuses_and_the_three_logins():
    call_command("load_demo_data", seed=3, deals=20, verbosity=0)

    deals = list(Deal.objects.select_related("product"))
    assert all(d.product.images.exists() for d in deals)
    assert all(d.product.categories.get().depth == 2 for d in deals)
    assert {d.review_status for d in deals} == {"approved", "submitted", "draft"}
    assert {loc.city for d in deals for loc in d.locations.all()} == {"Lisbon", "Porto"}

    buyer = authenticate(username=loader.BUYER_EMAIL, password=loader.DEMO_PASSWORD)
    owner = authenticate(username=loader.OWNER_EMAIL, password=loader.DEMO_PASSWORD)
    curator = authenticate(username=loader.CURATOR_EMAIL, password=loader.DEMO_PASSWORD)
    assert buyer is not None and not buyer.is_staff
    membership = Membership.objects.get(user=owner)
    assert membership.role == Membership.Role.OWNER
    assert owner in membership.merchant.partner.users.all()
    assert curator.is_staff and curator.groups.filter(name=CURATOR_GROUP).exists()
    assert curator.has_perm("curation.curate_categories")


def test_if_empty_leaves_existing_deals_alone():
    call_command("load_demo_data", seed=1, deals=3, verbosity=0)
    call_command("load_demo_data", seed=1, deals=3, if_empty=True, verbosity=0)
    assert Deal.objects.count() == 3


def test_no_deal_is_listed_twice_and_every_deal_has_photos_of_its_trade_with_alt_text():
    summary = loader.demo_load(seed=5, deals=60)
    deals = list(Deal.objects.select_related("merchant", "product"))
    assert summary.deals == len(deals) >= 60  # the random deals asked, and the trades of each city
    titles = [d.title for d in deals]
    assert len(set(titles)) == len(titles)  # the same idea never twice at one merchant
    for deal in deals:
        images = list(deal.product.images.all())
        assert len(images) >= 2 and all(i.caption == deal.title for i in images)
        sizes = {i.original.size for i in images}
        assert len(sizes) == len(images)  # each photo of a gallery differs


def test_the_demo_merchants_have_payment_terms_and_the_owner_a_statement_with_content(client):
    call_command("load_demo_data", seed=1, deals=30, verbosity=0)  # the owner has a live deal
    assert not Merchant.objects.filter(payment_terms__isnull=True).exists()
    owner = authenticate(username=loader.OWNER_EMAIL, password=loader.DEMO_PASSWORD)
    merchant = Membership.objects.get(user=owner).merchant
    now = timezone.now()
    totals = statement_build(merchant=merchant, currency="EUR", start=now - timedelta(days=1),
                             end=now + timedelta(days=1)).totals
    assert totals.vouchers_sold >= 2 and totals.redemptions >= 1 and totals.adjusted == 5
    assert totals.earned > 0 and totals.commission > 0
    client.force_login(owner)
    page = client.get(reverse("merchant_portal:statement", args=[merchant.slug]))
    assert page.status_code == 200 and "Welcome credit (demo)" in page.content.decode()


def test_the_logins_printed_last_name_the_demo_merchant(capsys):
    call_command("load_demo_data", seed=2, deals=4, verbosity=0)
    call_command("load_demo_data", logins=True)
    owned = Membership.objects.get(user__email=loader.OWNER_EMAIL).merchant.name
    out = capsys.readouterr().out
    assert f"merchant owner of {owned}" in out and loader.OWNER_EMAIL in out
    assert loader.BUYER_EMAIL in out and loader.CURATOR_EMAIL in out and loader.DEMO_PASSWORD in out
