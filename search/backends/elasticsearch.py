"""Deal search on Elasticsearch: typo-tolerant text in every language, filters, nearness, facets,
highlights.

A query is matched against each language's text (``all_text.<language>``, analysed as that
language), so a query in one language finds a deal that has a translation in it; words typed in
the reader's language and in titles rank first. Chinese is typed without spaces: its character
pairs are matched with "most of them" rather than "all" (a pair across two words is in no text).
"""
from dataclasses import replace

from marketplace.languages.scripts import written_without_spaces

from ..client import es_search_client
from ..documents import alias_name
from ..links import deal_url_maker
from ..query import (
    PRICE_BANDS, SORT_DISTANCE, SORT_ENDING, SORT_POPULAR, SORT_PRICE, FacetValue, SearchParams,
    SearchResults, hit_from_source, shown_language,
)
from ..times import BOOKABLE_WITHIN, USABLE_NOW, TimeFilters, evening
from .base import Suggestion

# Of the character pairs of a Chinese query, at least 75% (all of them up to two) must match.
_CJK_MATCH = "2<75%"

NEAREST_FIRST_RADII_KM = (3, 30)  # then without a radius
_SOURCE_EXCLUDES = ["description", "highlights", "category_text", "city_text", "locations",
                    "suggest"]
# Counts of every match (aggregations ignore the post_filter), and the total among them.
_FACET_AGGS = {
    "matched": {"filter": {"match_all": {}}},
    "categories": {"terms": {"field": "category_path", "size": 200}},
    "cities": {"terms": {"field": "city", "size": 50}},
    "prices": {"range": {"field": "price", "keyed": False, "ranges": [
        {"key": key, "from": float(lo), **({"to": float(hi)} if hi is not None else {})}
        for key, lo, hi in PRICE_BANDS]}},
}


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, params: SearchParams) -> SearchResults:
        params = replace(params, now=params.moment())  # one instant: the window and every card
        # Sorting every deal by distance is the costliest query. The nearest deals are within a
        # small radius, unless the area is sparse: then the hits are asked for again, wider.
        radii = list(NEAREST_FIRST_RADII_KM) if (
            params.sort == SORT_DISTANCE and params.position is not None and not params.within_km
        ) else []
        radius = radii.pop(0) if radii else None
        # One search gives the page and the facet counts: the query (fuzzy text, geo filters)
        # runs once. The radius is a post_filter, so the counts cover every match.
        hits = self._search(self._hits_body(params, radius_km=radius, facets=True))
        total = hits["aggregations"]["matched"]["doc_count"]
        facets = hits
        while radius and len(hits["hits"]["hits"]) < min(params.page_size, max(0, total - params.offset)):
            radius = radii.pop(0) if radii else None
            hits = self._search(self._hits_body(params, radius_km=radius))
        return self._results(hits, facets, params)

    def _hits_body(self, params: SearchParams, *, radius_km: float | None = None,
                   facets: bool = False) -> dict:
        body = {"query": self._query(params, now=params.moment()),
                "_source": {"excludes": _SOURCE_EXCLUDES}, "sort": self._sort(params),
                "track_total_hits": False, "from": params.offset, "size": params.page_size}
        if radius_km is not None:
            body["post_filter"] = self._within(params.position, radius_km)
        if params.q:
            body["highlight"] = {
                "encoder": "html", "pre_tags": ["<mark>"], "post_tags": ["</mark>"],
                "require_field_match": False, "number_of_fragments": 1, "fragment_size": 160,
                # The words as typed: highlighting the fuzzy variants too cost more than the
                # search itself.
                "highlight_query": {"multi_match": {"query": params.q, "fields": ["all_text.*"]}},
                # Every language's fields: which one a card shows is known per hit.
                "fields": {"title.*": {"number_of_fragments": 0}, "highlights.*": {},
                           "description.*": {}},
            }
        if facets:
            body["aggs"] = _FACET_AGGS
        return body

    def _search(self, body: dict) -> dict:
        # A plain search, not a one-item msearch: less work for the node per request. An
        # error answer raises ApiError, which the selector turns into the database fallback.
        return es_search_client().search(index=alias_name(), body=body).body

    def _results(self, hits: dict, facets: dict, params: SearchParams) -> SearchResults:
        found_hits = []
        url_for = deal_url_maker()
        reader = params.reader_language()
        for hit in hits["hits"]["hits"]:
            found = hit.get("highlight", {})
            shown = shown_language(hit["_source"], reader)
            snippet = next((found[f"{f}.{shown}"][0] for f in ("highlights", "description")
                            if f"{f}.{shown}" in found), "")
            found_hits.append(hit_from_source(hit["_source"], params=params,
                                              title_html=found.get(f"title.{shown}", [""])[0],
                                              snippet_html=snippet, url_for=url_for))
        aggs = facets["aggregations"]
        return SearchResults(
            hits=found_hits, total=aggs["matched"]["doc_count"], params=params, engine=self.name,
            categories=sorted((FacetValue(b["key"], b["doc_count"]) for b in aggs["categories"]["buckets"]),
                              key=lambda f: f.key),
            cities=[FacetValue(b["key"], b["doc_count"]) for b in aggs["cities"]["buckets"]],
            price_bands=[FacetValue(b["key"], b["doc_count"]) for b in aggs["prices"]["buckets"]],
        )

    def autocomplete(self, prefix: str, *, params: SearchParams, limit: int = 8) -> list[Suggestion]:
        # Every word typed is the start of a word of a title (in any language), in that order; a
        # run of Chinese characters is the start of a run of a title's characters.
        body = {
            "query": {"bool": {
                "must": [{"match_phrase": {"suggest": prefix}}],
                "filter": self._window(params.moment())}},
            "_source": ["deal_id", "product_id", "slug", "title", "original_language"],
            "size": limit, "sort": ["_score", {"units_sold": "desc"}],
        }
        hits = self._search(body)["hits"]["hits"]
        reader = params.reader_language()
        return [Suggestion(title=h["_source"]["title"][shown_language(h["_source"], reader)],
                           deal_id=h["_source"]["deal_id"], product_id=h["_source"]["product_id"],
                           slug=h["_source"]["slug"])
                for h in hits]

    # --- query parts (plain dicts: building elasticsearch-dsl objects cost a visible share of
    # each search's CPU, and the bodies are small) ---------------------------------------------

    def _text(self, q: str, *, reader: str) -> dict:
        # Every word must match in one language's text (typos forgiven; for Chinese, most of its
        # character pairs); words in a title rank first, then the reader's own language.
        enough = ({"minimum_should_match": _CJK_MATCH} if written_without_spaces(q)
                  else {"operator": "and"})
        return {"bool": {
            "must": [{"multi_match": {"query": q, "fields": ["all_text.*"], "type": "best_fields",
                                      "fuzziness": "AUTO", "prefix_length": 1, **enough}}],
            "should": [{"multi_match": {"query": q, "fields": ["title.*"], "boost": 3}},
                       {"multi_match": {"query": q, "fields": ["title.*"], "type": "phrase",
                                        "boost": 2}},
                       {"match": {"merchant_name": {"query": q, "boost": 2}}},
                       {"match": {f"all_text.{reader}": {"query": q}}}]}}

    def _window(self, now) -> list[dict]:
        now = now.isoformat()
        return [{"range": {"sale_starts_at": {"lte": now}}},
                {"range": {"sale_ends_at": {"gt": now}}}]

    def _query(self, params: SearchParams, *, now) -> dict:
        filters = self._window(now)
        if params.category:
            filters.append({"term": {"category_path": params.category}})
        if params.city:
            filters.append({"term": {"city": params.city}})
        price = {}
        if params.price_min is not None:
            price["gte"] = float(params.price_min)
        if params.price_max is not None:
            price["lt"] = float(params.price_max)
        if price:
            filters.append({"range": {"price": price}})
        if params.min_discount:
            filters.append({"range": {"discount_percent": {"gte": params.min_discount}}})
        if params.tipped:
            filters.append({"term": {"tipped": True}})
        if params.position is not None and params.within_km:
            filters.append(self._within(params.position, params.within_km))
        filters += self._times(params.time_filters, now=now)
        query = {"bool": {"filter": filters}}
        if params.q:
            query["bool"]["must"] = [self._text(params.q, reader=params.reader_language())]
        return query

    def _times(self, wanted: TimeFilters, *, now) -> list[dict]:
        """The trades' filters, as search/times.py's times_match says them."""
        filters = []
        if wanted.kind:
            filters.append({"term": {"kinds": wanted.kind}})
        if wanted.usable == USABLE_NOW:
            filters.append(self._usable_or_always({"term": {"usable": now.isoformat()}}))
        elif wanted.usable:
            start, end = evening(now)
            filters.append(self._usable_or_always({"range": {"usable": {
                "gte": start.isoformat(), "lt": end.isoformat(), "relation": "intersects"}}})
                if start < end else {"match_none": {}})  # this evening is over
        if wanted.bookable_this_week:
            filters.append({"range": {"next_free_slot": {
                "gte": now.isoformat(), "lt": (now + BOOKABLE_WITHIN).isoformat()}}})
        return filters

    def _usable_or_always(self, span: dict) -> dict:
        return {"bool": {"should": [{"term": {"always_usable": True}}, span],
                         "minimum_should_match": 1}}

    def _within(self, position, km: float) -> dict:
        """Deals with any store within ``km`` of ``position``."""
        return {"geo_distance": {"distance": f"{km}km",
                                 "locations": {"lat": position.lat, "lon": position.lon}}}

    def _sort(self, params: SearchParams) -> list:
        if params.sort == SORT_DISTANCE and params.position is not None:
            return [{"_geo_distance": {
                "locations": {"lat": params.position.lat, "lon": params.position.lon},
                "order": "asc", "unit": "km", "mode": "min", "distance_type": "arc"}}, "deal_id"]
        if params.sort == SORT_POPULAR:
            return [{"units_sold": "desc"}, {"rating": {"order": "desc", "missing": "_last"}}, "deal_id"]
        if params.sort == SORT_PRICE:
            return [{"price": "asc"}, "deal_id"]
        if params.sort == SORT_ENDING:
            return [{"sale_ends_at": "asc"}, "deal_id"]
        if params.q:
            return ["_score", {"units_sold": "desc"}, "deal_id"]
        return [{"units_sold": "desc"}, "deal_id"]
