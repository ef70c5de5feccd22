"""The one interface both search backends offer (Elasticsearch, and the database fallback)."""
from dataclasses import dataclass
from typing import Protocol

from ..links import deal_url
from ..query import SearchParams, SearchResults


class SearchIndexError(Exception):
    """The index answered, but with an error for this search (e.g. no such index yet)."""


@dataclass(frozen=True)
class Suggestion:
    title: str
    deal_id: int
    product_id: int
    slug: str

    @property
    def url(self) -> str:
        return deal_url(deal_id=self.deal_id, product_id=self.product_id, slug=self.slug)


class SearchBackend(Protocol):
    name: str

    def search(self, params: SearchParams) -> SearchResults: ...

    def autocomplete(self, prefix: str, *, params: SearchParams, limit: int = 8) -> list[Suggestion]: ...
