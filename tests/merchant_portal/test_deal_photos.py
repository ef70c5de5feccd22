"""A merchant adds several photos to a deal, each described for people who cannot see it; a photo
of the wrong type, too small or too heavy is refused with a clear message and nothing is stored."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model
from PIL import Image

from marketplace.deals import photos
from marketplace.deals.models import Deal
from tests.merchant_portal.test_deals import portal_form, url

ProductImage = get_model("catalogue", "ProductImage")
pytestmark = pytest.mark.django_db


def photo(name: str, size=(800, 500), fmt="JPEG") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def test_a_deal_gets_several_photos_with_their_description(client, merchant, merchant_owner):
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant), portal_form(
        merchant, photos=[photo("terrace.jpg"), photo("dish.png", fmt="PNG")],
        photos_alt="Dinner for two on the terrace"))
    assert response.status_code == 302, response.content.decode()[:2000]
    deal = Deal.objects.get()
    images = list(deal.product.images.order_by("display_order"))
    assert [i.caption for i in images] == ["Dinner for two on the terrace"] * 2
    assert all(i.original.storage.exists(i.original.name) for i in images)
    edit = client.get(url("deal-edit", merchant, pk=deal.pk)).content.decode()
    assert edit.count('alt="Dinner for two on the terrace"') == 2


@pytest.mark.parametrize("files, alt, message", [
    ([photo("tiny.jpg", size=(300, 200))], "A dish", "tiny.jpg is 300×200 pixels"),
    ([photo("anim.gif", fmt="GIF")], "A dish", "anim.gif: send a JPEG, PNG or WebP photo."),
    ([photo("dish.jpg")], "", "Describe the photos in a few words"),
])
def test_a_bad_photo_is_refused_with_a_clear_message_and_nothing_is_stored(
        client, merchant, merchant_owner, files, alt, message):
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant),
                           portal_form(merchant, photos=files, photos_alt=alt))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Deal.objects.exists() and not ProductImage.objects.exists()


def test_a_photo_too_heavy_is_refused(client, merchant, merchant_owner, monkeypatch):
    heavy = photo("huge.png", size=(2400, 1500), fmt="PNG")
    monkeypatch.setattr(photos, "MAX_BYTES", heavy.size - 1)  # the limit just under this file
    client.force_login(merchant_owner)
    response = client.post(url("deal-create", merchant),
                           portal_form(merchant, photos=[heavy], photos_alt="A dish"))
    assert "huge.png weighs" in response.content.decode()
    assert not Deal.objects.exists()
