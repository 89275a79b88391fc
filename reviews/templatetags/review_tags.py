from django import template

from documents.models import Document
from reviews import selectors

register = template.Library()


@register.simple_tag
def document_review_panel(document: Document) -> dict:
    """`{% document_review_panel document as panel %}`: the audit trail and review of one document."""
    return selectors.document_review_panel(document=document)


@register.simple_tag(takes_context=True)
def user_is_reviewer(context) -> bool:
    return selectors.user_is_reviewer(context["request"].user)
