"""Deal search on Elasticsearch: typo-tolerant text, filters, nearness, facets, highlights."""
from elasticsearch_dsl import Q, Search

from ..client import es_client
from ..documents import alias_name
from ..query import (
    PRICE_BANDS, SORT_DISTANCE, SORT_ENDING, SORT_POPULAR, SORT_PRICE, FacetValue, SearchParams,
    SearchResults, hit_from_source,
)
from .base import Suggestion

NEAREST_FIRST_RADII_KM = (3, 30)  # then without a radius
_SOURCE_EXCLUDES = ["description", "highlights", "category_text", "city_text", "locations"]


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, params: SearchParams) -> SearchResults:
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
        s = Search().query(self._query(params, now=params.moment()))
        s = s.source(excludes=_SOURCE_EXCLUDES).sort(*self._sort(params))
        s = s.extra(track_total_hits=False, from_=params.offset, size=params.page_size)
        if radius_km is not None:
            s = s.post_filter(self._within(params.position, radius_km))
        if params.q:
            s = s.highlight_options(encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"],
                                    require_field_match=False, number_of_fragments=1,
                                    fragment_size=160,
                                    # The words as typed: highlighting the fuzzy variants too
                                    # cost more than the search itself.
                                    highlight_query=Q("match", all_text=params.q).to_dict())
            s = s.highlight("title", number_of_fragments=0).highlight("highlights", "description")
        if facets:
            self._facet_aggs(s)
        return s.to_dict()

    def _facet_aggs(self, s: Search) -> None:
        """Counts of every match (aggregations ignore the post_filter), the total among them."""
        s.aggs.bucket("matched", "filter", filter={"match_all": {}})
        s.aggs.bucket("categories", "terms", field="category_path", size=200)
        s.aggs.bucket("cities", "terms", field="city", size=50)
        s.aggs.bucket("prices", "range", field="price", keyed=False, ranges=[
            {"key": key, "from": float(lo), **({"to": float(hi)} if hi is not None else {})}
            for key, lo, hi in PRICE_BANDS
        ])

    def _search(self, body: dict) -> dict:
        # A plain search, not a one-item msearch: less work for the node per request. An
        # error answer raises ApiError, which the selector turns into the database fallback.
        return es_client().search(index=alias_name(), body=body).body

    def _results(self, hits: dict, facets: dict, params: SearchParams) -> SearchResults:
        found_hits = []
        for hit in hits["hits"]["hits"]:
            found = hit.get("highlight", {})
            snippet = next((found[f][0] for f in ("highlights", "description") if f in found), "")
            found_hits.append(hit_from_source(hit["_source"], params=params,
                                              title_html=found.get("title", [""])[0],
                                              snippet_html=snippet))
        aggs = facets["aggregations"]
        return SearchResults(
            hits=found_hits, total=aggs["matched"]["doc_count"], params=params, engine=self.name,
            categories=sorted((FacetValue(b["key"], b["doc_count"]) for b in aggs["categories"]["buckets"]),
                              key=lambda f: f.key),
            cities=[FacetValue(b["key"], b["doc_count"]) for b in aggs["cities"]["buckets"]],
            price_bands=[FacetValue(b["key"], b["doc_count"]) for b in aggs["prices"]["buckets"]],
        )

    def autocomplete(self, prefix: str, *, params: SearchParams, limit: int = 8) -> list[Suggestion]:
        s = Search(using=es_client(), index=alias_name())
        s = s.query(Q("bool", must=[Q("match", **{"title.autocomplete": {
            "query": prefix, "operator": "and"}})], filter=self._window(params.moment()),
            should=[Q("match_phrase_prefix", title={"query": prefix, "boost": 2})]))
        s = s.source(["deal_id", "product_id", "slug", "title"]).extra(size=limit)
        s = s.sort("_score", {"units_sold": "desc"})
        return [Suggestion(title=h.title, deal_id=h.deal_id, product_id=h.product_id, slug=h.slug)
                for h in s.execute().hits]

    # --- query parts -----------------------------------------------------------------------

    def _text(self, q: str) -> Q:
        # Every word must match somewhere (typos forgiven); words in the title rank first.
        return Q("bool", must=[Q("match", all_text={
            "query": q, "fuzziness": "AUTO", "prefix_length": 1, "operator": "and"})],
            should=[Q("match", title={"query": q, "boost": 3}),
                    Q("match_phrase", title={"query": q, "boost": 2}),
                    Q("match", merchant_name={"query": q, "boost": 2})])

    def _window(self, now) -> list[Q]:
        now = now.isoformat()
        return [Q("range", sale_starts_at={"lte": now}), Q("range", sale_ends_at={"gt": now})]

    def _query(self, params: SearchParams, *, now) -> Q:
        filters = self._window(now)
        if params.category:
            filters.append(Q("term", category_path=params.category))
        if params.city:
            filters.append(Q("term", city=params.city))
        price = {}
        if params.price_min is not None:
            price["gte"] = float(params.price_min)
        if params.price_max is not None:
            price["lt"] = float(params.price_max)
        if price:
            filters.append(Q("range", price=price))
        if params.min_discount:
            filters.append(Q("range", discount_percent={"gte": params.min_discount}))
        if params.tipped:
            filters.append(Q("term", tipped=True))
        if params.position is not None and params.within_km:
            filters.append(self._within(params.position, params.within_km))
        must = [self._text(params.q)] if params.q else []
        return Q("bool", must=must, filter=filters)

    def _within(self, position, km: float) -> Q:
        """Deals with any store within ``km`` of ``position``."""
        return Q("geo_distance", distance=f"{km}km", locations={"lat": position.lat, "lon": position.lon})

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
