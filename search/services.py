"""Writing the deal index: full rebuild behind an alias, drift check, and batched updates.

Readers always query the alias ``<prefix>-deals``. A rebuild fills a new concrete index
``<prefix>-deals-v<mapping version>-<timestamp>`` and then moves the alias in one atomic
``_aliases`` call, so a query sees either the complete old index or the complete new one.
"""
import json
import logging
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable

import redis
from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from elastic_transport import TransportError
from elasticsearch import NotFoundError, helpers
from elasticsearch.serializer import JSONSerializer
from oscar.core.loading import get_model

from marketplace.deals.models import Deal, DealOption

from .client import es_indexing_client
from .documents import alias_name, concrete_index_pattern, deal_index, new_concrete_index_name
from .sources import deal_sources, deals_indexable

logger = logging.getLogger(__name__)

BULK_CHUNK = 1000
KEEP_PREVIOUS_INDICES = 1  # the index just replaced stays for queries still running on it


def _action(index: str, source: dict) -> dict:
    return {"_op_type": "index", "_index": index, "_id": source["deal_id"], "_source": source}


def search_index_rebuild(*, sources: Iterable[dict] | None = None,
                         progress: Callable[[int], None] | None = None) -> str:
    """Build a complete new index and point the alias at it. Returns the new index's name.

    ``sources`` defaults to every indexable deal in the database; ``progress`` is called with
    1 for each document indexed. Readers keep the old index until the new one is complete; a
    failed rebuild removes its half-filled index and leaves the alias where it was.
    """
    client = es_indexing_client()
    name = new_concrete_index_name()
    deal_index(name).create(using=client)
    try:
        # No refreshes while loading; one at the end makes everything searchable at once.
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
        sources = deal_sources(deals_indexable()) if sources is None else sources
        for _ok, _item in helpers.streaming_bulk(
            client, (_action(name, s) for s in sources), chunk_size=BULK_CHUNK,
            raise_on_error=True, max_retries=2,
        ):
            if progress is not None:
                progress(1)
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=name)
    except BaseException:
        client.options(ignore_status=404).indices.delete(index=name)
        raise
    _alias_swap(client, name)
    return name


def _alias_swap(client, name: str) -> None:
    alias = alias_name()
    if client.indices.exists(index=alias) and not client.indices.exists_alias(name=alias):
        client.indices.delete(index=alias)  # a plain index squatting the alias's name
    current = list(client.indices.get_alias(name=alias, ignore_unavailable=True).keys()) \
        if client.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": old, "alias": alias}} for old in current]
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    logger.info("search index %s now behind alias %s (was %s)", name, alias, current or "none")
    _drop_old_indices(client, keep={name})


def _drop_old_indices(client, *, keep: set[str]) -> None:
    pattern = f"{alias_name()}-v*"
    existing = sorted(client.indices.get(index=pattern, ignore_unavailable=True).keys())
    old = [i for i in existing if i not in keep]
    for index in old[: max(0, len(old) - KEEP_PREVIOUS_INDICES)]:
        client.options(ignore_status=404).indices.delete(index=index)


@dataclass
class IndexCheck:
    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    stale: list[int] = field(default_factory=list)  # in both, but the index says otherwise
    extra: list[int] = field(default_factory=list)  # in the index, no longer indexable

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra)


def search_index_check() -> IndexCheck:
    """Compares every indexable deal's document with what the index holds."""
    client = es_indexing_client()
    indexed = {
        int(hit["_id"]): hit["_source"]
        for hit in helpers.scan(client, index=alias_name(), query={"query": {"match_all": {}}})
    } if client.indices.exists_alias(name=alias_name()) else {}
    expected = {s["deal_id"]: _normalised(s) for s in deal_sources(deals_indexable())}
    report = IndexCheck(
        missing=sorted(expected.keys() - indexed.keys()),
        extra=sorted(indexed.keys() - expected.keys()),
    )
    # The stored status may lag the clock (scheduled -> live); queries use the dates instead.
    ignore = {"status"}
    report.stale = sorted(
        deal_id for deal_id in expected.keys() & indexed.keys()
        if {k: v for k, v in expected[deal_id].items() if k not in ignore}
        != {k: v for k, v in _normalised(indexed[deal_id]).items() if k not in ignore}
    )
    return report


def _normalised(source: dict) -> dict:
    return json.loads(JSONSerializer().dumps(source))


def search_index_update(*, deal_ids: Iterable[int], refresh: bool = False) -> int:
    """Re-indexes these deals where they belong in the index and deletes them where not.

    Writes go to every index of the current mapping version, the one behind the alias and one
    a rebuild may be filling right now, so that no change is lost to a concurrent rebuild.
    Returns the number of documents written.
    """
    deal_ids = sorted(set(deal_ids))
    if not deal_ids:
        return 0
    client = es_indexing_client()
    targets = list(client.indices.get(index=concrete_index_pattern(), ignore_unavailable=True).keys())
    if not targets:
        logger.debug("no deal index yet (run `manage.py search_index --rebuild`); %d deals not indexed",
                    len(deal_ids))
        return 0
    sources = list(deal_sources(deals_indexable().filter(pk__in=deal_ids)))
    gone = set(deal_ids) - {s["deal_id"] for s in sources}
    actions = [_action(index, s) for index in targets for s in sources]
    actions += [{"_op_type": "delete", "_index": index, "_id": deal_id}
                for index in targets for deal_id in gone]
    _, errors = helpers.bulk(client, actions, raise_on_error=False, refresh=refresh)
    real_errors = [e for e in errors if e.get("delete", {}).get("status") != 404]
    if real_errors:
        raise RuntimeError(f"indexing failed for some deals: {real_errors[:3]}")
    return len(sources)


# --- scheduling ------------------------------------------------------------------------------
# A change names what changed ("p:12" a product, "l:3" a store...); a worker turns the names into
# deal ids and indexes them in one bulk request. Names wait in a Redis set, so a burst of changes
# becomes one task.

FLUSH_DELAY_SECONDS = 1.0


def _pending_key() -> str:
    return f"search:{alias_name()}:pending"


def _scheduled_key() -> str:
    return f"search:{alias_name()}:flush-scheduled"


@lru_cache(maxsize=1)
def _redis() -> redis.Redis:
    """One client (and its connection pool) per process."""
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def search_index_schedule(*, deal_ids: Iterable[int] = (), product_ids: Iterable[int] = (),
                          location_ids: Iterable[int] = (), merchant_ids: Iterable[int] = (),
                          category_ids: Iterable[int] = (), option_ids: Iterable[int] = ()) -> None:
    """After the transaction commits, have a worker re-index the deals these changes touch."""
    tokens = [f"{kind}:{pk}" for kind, ids in (
        ("d", deal_ids), ("p", product_ids), ("l", location_ids), ("m", merchant_ids),
        ("c", category_ids), ("o", option_ids)) for pk in ids if pk is not None]
    if tokens:
        transaction.on_commit(lambda: _enqueue(tokens), robust=True)


_eager_paused_until = [0.0]


# The flush task by its name: search/tasks.py imports this module.
FLUSH_TASK = "search.tasks.search_index_flush_task"


def _enqueue(tokens: list[str]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:  # the demo: no Redis, no worker, maybe no node
        if time.monotonic() < _eager_paused_until[0]:
            return  # the node just failed: `search_index --rebuild` catches up later
        try:
            search_index_flush(tokens=tokens)
        except TransportError as exc:
            _eager_paused_until[0] = time.monotonic() + 30
            logger.warning("deal index not updated (%s); search answers from the database", exc)
        return
    r = _redis()
    r.sadd(_pending_key(), *tokens)
    if r.set(_scheduled_key(), "1", nx=True, ex=10):  # a lost flush blocks no longer
        current_app.send_task(FLUSH_TASK, countdown=FLUSH_DELAY_SECONDS)


def search_index_flush(*, tokens: Iterable[str] = ()) -> int:
    """Index the deals behind the pending change names (and ``tokens``). Returns docs written."""
    tokens = set(tokens)
    r = None
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        r = _redis()
        r.delete(_scheduled_key())  # changes from now on schedule a new flush
        tokens |= {t.decode() for t in r.spop(_pending_key(), 10_000) or []}
    try:
        return search_index_update(deal_ids=deal_ids_for_tokens(tokens))
    except Exception:
        if r is not None and tokens:
            r.sadd(_pending_key(), *tokens)  # not lost: the retry or the next flush takes them
        raise


def deal_ids_for_tokens(tokens: Iterable[str]) -> set[int]:
    Category = get_model("catalogue", "Category")
    by_kind: dict[str, set[int]] = {}
    for token in tokens:
        kind, _, pk = token.partition(":")
        if pk.isdigit():
            by_kind.setdefault(kind, set()).add(int(pk))
    deal_ids = set(by_kind.get("d", ()))
    queries = []
    if by_kind.get("p"):
        p = by_kind["p"]
        queries.append(Deal.objects.filter(product_id__in=p))
        queries.append(Deal.objects.filter(options__product_id__in=p))
    if by_kind.get("o"):
        queries.append(Deal.objects.filter(options__in=by_kind["o"]))
    if by_kind.get("l"):
        queries.append(Deal.objects.filter(locations__in=by_kind["l"]))
    if by_kind.get("m"):
        queries.append(Deal.objects.filter(merchant_id__in=by_kind["m"]))
    if by_kind.get("c"):
        for category in Category.objects.filter(pk__in=by_kind["c"]):
            tree = Category.get_tree(parent=category)
            queries.append(Deal.objects.filter(product__categories__in=tree))
    for qs in queries:
        deal_ids |= set(qs.values_list("pk", flat=True))
    return deal_ids


def search_index_refresh_times() -> int:
    """Re-index the deals whose times move with the clock (usage windows, excluded dates,
    bookings): the spans the index holds cover SEARCH_TIMES_AHEAD_DAYS days from indexing, the
    next free slot passes. Run by beat."""
    shaped = deals_indexable().filter(
        ~Q(usage_windows=[]) | ~Q(excluded_dates=[]) | Q(bookable=True)
        | Exists(DealOption.objects.filter(deal=OuterRef("pk")).exclude(usage_windows=[])))
    return search_index_update(deal_ids=shaped.values_list("pk", flat=True))


def search_index_ping() -> bool:
    try:
        # Not ping(): the integ-test distribution answers HEAD / with 405.
        es_indexing_client().options(request_timeout=2).cluster.health()
        return True
    except Exception:  # noqa: BLE001 - any failure means: not available
        return False


def search_index_delete_all() -> None:
    """Removes the alias and every deal index of this prefix (tests and benchmarks clean up)."""
    client = es_indexing_client()
    client.options(ignore_status=404).indices.delete(
        index=f"{alias_name()}-v*", expand_wildcards="all")
    try:
        client.indices.delete_alias(index="_all", name=alias_name())
    except NotFoundError:
        pass
