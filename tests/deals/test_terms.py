"""The terms of each trade (deals/terms.py) and their rules in the deal services."""
import zoneinfo
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from marketplace.core import weekly
from marketplace.deals import review, terms
from marketplace.deals.models import Deal
from marketplace.deals.services import OptionSpec, deal_kind_check, deal_option_check
from tests.factories import DealFactory

LISBON = zoneinfo.ZoneInfo("Europe/Lisbon")
MON_THU_AFTERNOON = [{"days": [0, 1, 2, 3], "start": 14 * 60, "end": 17 * 60}]


def test_windows_are_read_as_merchants_type_them_and_written_back_the_same():
    windows = terms.windows_parse("Mon-Thu 14:00-17:00\nSat,Sun 10-12; Fri-Mon 9h30-10:00")
    assert windows == [
        {"days": [0, 1, 2, 3], "start": 840, "end": 1020},
        {"days": [5, 6], "start": 600, "end": 720},
        {"days": [0, 4, 5, 6], "start": 570, "end": 600},
    ]
    assert terms.windows_parse(terms.windows_input(windows)) == windows
    assert terms.windows_text(windows[:1]) == "Mon–Thu 14:00–17:00"


def test_several_hours_on_one_line_share_its_days_and_midnight_closes_the_day():
    assert weekly.spans_parse("Mon-Fri 09:00-13:00, 14:00-24:00") == [
        {"days": [0, 1, 2, 3, 4], "start": 540, "end": 780},
        {"days": [0, 1, 2, 3, 4], "start": 840, "end": 1440},
    ]


@pytest.mark.parametrize("text", ["Mon 25:00-26:00", "Someday 10-12", "Mon-Thu", "14:00-17:00",
                                  "Mon 10:61-11:00"])
def test_an_unreadable_window_is_refused_naming_the_line(text):
    with pytest.raises(ValidationError) as refused:
        terms.windows_parse(text)
    assert refused.value.code == "windows_unreadable"
    assert text.split(";")[0].strip() in refused.value.messages[0]


def test_a_voucher_is_usable_inside_its_windows_only_and_never_on_an_excluded_date():
    excluded = ["2025-03-05"]  # a Wednesday
    tuesday_3pm = datetime(2025, 3, 4, 15, 0)
    assert terms.usable_at(MON_THU_AFTERNOON, excluded, tuesday_3pm)
    assert not terms.usable_at(MON_THU_AFTERNOON, excluded, tuesday_3pm.replace(hour=17))
    assert not terms.usable_at(MON_THU_AFTERNOON, excluded, datetime(2025, 3, 5, 15, 0))
    assert not terms.usable_at(MON_THU_AFTERNOON, excluded, datetime(2025, 3, 7, 15, 0))  # Friday
    assert terms.usable_at([], [], datetime(2025, 3, 7, 3, 0))  # no window: any time
    assert not terms.usable_at([], excluded, datetime(2025, 3, 5, 3, 0))


def test_the_next_usable_moment_skips_excluded_dates_and_follows_the_stores_clock():
    after = datetime(2025, 3, 4, 18, 0, tzinfo=LISBON)  # Tuesday evening
    nxt = terms.next_usable(MON_THU_AFTERNOON, ["2025-03-05"], after=after, zone=LISBON)
    assert nxt == datetime(2025, 3, 6, 14, 0, tzinfo=LISBON)  # Thursday, Wednesday excluded
    inside = datetime(2025, 3, 6, 15, 30, tzinfo=LISBON)
    assert terms.next_usable(MON_THU_AFTERNOON, [], after=inside, zone=LISBON) == inside


def test_usable_periods_keep_the_wall_clock_across_a_daylight_saving_change():
    # Lisbon moves from UTC+0 to UTC+1 on Sunday 30 March 2025.
    periods = terms.usable_periods(MON_THU_AFTERNOON, [], first_day=date(2025, 3, 27), days=7,
                                   zone=LISBON)
    utc_hours = [start.astimezone(zoneinfo.ZoneInfo("UTC")).hour for start, _ in periods]
    assert [p[0].date() for p in periods] == [date(2025, 3, 27), date(2025, 3, 31),
                                               date(2025, 4, 1), date(2025, 4, 2)]
    assert utc_hours == [14, 13, 13, 13]


def test_the_deal_rules_refuse_bad_windows_dates_and_booking_policy_per_field():
    with pytest.raises(ValidationError) as refused:
        deal_kind_check(usage_windows=[{"days": [0], "start": 900, "end": 800}],
                        excluded_dates=["25/12/2025"], bookable=True, booking_cutoff_hours=9999,
                        booking_tolerance_minutes=-1, no_show_policy="shrug")
    codes = {field: [e.code for e in errors] for field, errors in refused.value.error_dict.items()}
    assert codes == {
        "usage_windows": ["window_ends_before_start"], "excluded_dates": ["date_unreadable"],
        "booking_cutoff_hours": ["cutoff_out_of_range"],
        "booking_tolerance_minutes": ["tolerance_out_of_range"],
        "no_show_policy": ["unknown_no_show_policy"]}


def test_an_option_gives_between_one_and_a_hundred_uses():
    for uses in (0, 101):
        with pytest.raises(ValidationError) as refused:
            deal_option_check(title="Pass", price=Decimal("50"), value=Decimal("80"), units=5,
                              uses=uses)
        assert refused.value.error_dict["uses"][0].code == "uses_out_of_range"
    deal_option_check(title="Pass", price=Decimal("50"), value=Decimal("80"), units=5, uses=10)


@pytest.mark.django_db
def test_a_bookable_deal_needs_stores_that_take_bookings_before_it_goes_live():
    with pytest.raises(ValidationError) as refused:
        DealFactory(bookable=True)
    assert refused.value.error_dict["bookable"][0].code == "bookable_needs_schedule"
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_option_terms_name_the_kinds_of_each_option():
    deal = DealFactory(usage_windows=MON_THU_AFTERNOON, options=[
        OptionSpec("One visit", Decimal("9"), Decimal("15"), 10),
        OptionSpec("Ten visits", Decimal("80"), Decimal("150"), 10, uses=10, one_use_per_day=True,
                   usage_windows=[{"days": [5], "start": 600, "end": 720}]),
    ])
    single, ten = deal.options.all()
    assert terms.option_terms(deal, single).kinds == ("off_peak",)
    assert terms.option_terms(deal, ten).kinds == ("pass", "off_peak")
    assert terms.option_terms(deal, ten).windows_text == "Sat 10:00–12:00"
    assert terms.deal_kinds(deal, [single, ten]) == ["off_peak", "pass"]
    assert terms.deal_kinds(DealFactory(), list(DealFactory().options.all())) == ["plain"]


@pytest.mark.django_db
def test_new_windows_on_an_approved_deal_wait_for_staff_and_then_apply():
    deal = DealFactory()
    option = deal.options.get()
    revision = review.deal_edit(deal=deal, actor=None, edit=review.DealEdit(
        fields={"usage_windows": MON_THU_AFTERNOON},
        options={option.pk: {"uses": 10}}))
    deal.refresh_from_db()
    option.refresh_from_db()
    assert revision is not None and deal.usage_windows == [] and option.uses == 1
    lines = review.revision_lines(revision)
    assert ("usage windows", "—", "Mon–Thu 14:00–17:00") in lines
    review.deal_revision_approve(revision=revision, actor=None)
    deal.refresh_from_db()
    option.refresh_from_db()
    assert deal.usage_windows == MON_THU_AFTERNOON and option.uses == 10


@pytest.mark.django_db
def test_an_edit_with_unreadable_windows_is_refused_and_holds_nothing():
    deal = DealFactory()
    with pytest.raises(ValidationError):
        review.deal_edit(deal=deal, actor=None, edit=review.DealEdit(
            fields={"usage_windows": [{"days": [9], "start": 0, "end": 60}]}, options={}))
    assert not deal.revisions.exists()
