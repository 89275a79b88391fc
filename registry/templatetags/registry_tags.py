"""The registry's part of the document pages: the business badge. The documents app's templates load these tags,
so its views never import the registry (dependencies point one way, DESIGN.md)."""

from django import template

from documents.models import Document
from registry import selectors
from registry.models import Business

register = template.Library()


@register.simple_tag
def business_states(documents) -> dict[int, Business]:
    """`{% business_states documents as businesses %}`: each document's business, in one query for the page."""
    return selectors.business_states_for_documents(documents)


@register.filter
def business_of(businesses: dict[int, Business], document: Document) -> Business | None:
    """`businesses|business_of:document`, with the dict `business_states` gave."""
    return businesses.get(document.pk)


@register.simple_tag
def document_business(document: Document) -> Business | None:
    """`{% document_business document as business %}`: the business of one document, or None."""
    return selectors.business_states_for_documents([document]).get(document.pk)
