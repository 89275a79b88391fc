"""The list's filters ride along: a document opened from a filtered list links back to it, and an action taken on
the document (retry, change kind, review) returns there. The filters travel as `back`, the list's query string,
cleaned to the list's own parameters so it can never point anywhere else."""

from django.http import QueryDict
from django.urls import reverse

from .saved_filters import KEPT, clean_query

BACK = "back"


def clean_list_query(query: str) -> str:
    """The list's query string reduced to its filters and page, in a fixed order, empty ones dropped."""
    return clean_query(query, names=(*KEPT, "page"))


def back_query(data) -> str | None:
    """The list's query string a request carries in `back` ("" for the unfiltered list); None when it came from
    elsewhere."""
    return clean_list_query(data[BACK]) if BACK in data else None


def list_url(back: str | None) -> str:
    url = reverse("documents:list")
    return f"{url}?{back}" if back else url


def with_back(url: str, back: str | None) -> str:
    """`url` with `?back=…` (or `&back=…`) when there is a list to return to."""
    if back is None:
        return url
    query = QueryDict(mutable=True)
    query[BACK] = back
    return f"{url}{'&' if '?' in url else '?'}{query.urlencode()}"
