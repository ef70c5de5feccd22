"""manage.py search_index: rebuild with progress, check, and --if-available for `make run`."""
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from oscar.core.loading import get_model

from search.client import es_indexing_client
from search.documents import alias_name

StockRecord = get_model("partner", "StockRecord")


def test_rebuild_then_check_reports_a_matching_index(catalogue, es_index, capsys):
    call_command("search_index", "--rebuild")
    assert "6 deals indexed" in capsys.readouterr().out
    call_command("search_index", "--check")
    assert "the deal index matches the database" in capsys.readouterr().out


def test_check_fails_and_names_the_drifted_deals(catalogue, es_index, capsys):
    call_command("search_index", "--rebuild")
    StockRecord.objects.filter(product__parent=catalogue.nails_deal.product).update(num_allocated=1)
    es_indexing_client().delete(index=alias_name(), id=catalogue.dinner_deal.pk, refresh=True)
    with pytest.raises(CommandError):
        call_command("search_index", "--check")
    out = capsys.readouterr().out
    assert f"missing: 1 ({catalogue.dinner_deal.pk})" in out
    assert f"stale: 1 ({catalogue.nails_deal.pk})" in out and "extra: 0" in out


@override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9")
def test_unreachable_node_is_an_error_unless_if_available(db, capsys):
    call_command("search_index", "--rebuild", "--if-available")
    assert "database fallback" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("search_index", "--rebuild")
