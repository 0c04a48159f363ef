"""The API's pagination (its own module: DRF imports it while `rest_framework.generics` loads, before
`core.rest` could be imported)."""
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """Every API list: `?limit=` above the maximum page size is cut to it, so no request can ask the database
    for an unbounded (or, beyond 2**63, an unrepresentable) number of rows."""

    max_limit = 500
