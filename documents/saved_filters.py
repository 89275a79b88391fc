"""Saved filters: a person names the list's current filters and finds them again (their own only)."""

from django.db.models import QuerySet
from django.http import QueryDict

from .models import SavedFilter

KEPT = ("q", "status", "kind", "uploaded_from", "uploaded_to", "sort")  # the list's filters; never the page


def clean_query(query: str, *, names: tuple[str, ...] = KEPT) -> str:
    """The list's query string reduced to `names` (its filters), in a fixed order, empty ones dropped."""
    given = QueryDict(query.lstrip("?"))
    kept = QueryDict(mutable=True)
    for name in names:
        value = given.get(name, "").strip()
        if value:
            kept[name] = value
    return kept.urlencode()


def saved_filters(*, user) -> QuerySet[SavedFilter]:
    return SavedFilter.objects.filter(user=user) if user.is_authenticated else SavedFilter.objects.none()


def saved_filter_save(*, user, name: str, query: str) -> SavedFilter:
    """Save (or, under a name already used, replace) a filter of the user's."""
    saved, _created = SavedFilter.objects.update_or_create(
        user=user, name=name.strip(), defaults={"query": clean_query(query)}
    )
    return saved


def saved_filter_delete(*, user, saved_filter_id: int) -> bool:
    deleted, _by_model = SavedFilter.objects.filter(user=user, pk=saved_filter_id).delete()
    return bool(deleted)
