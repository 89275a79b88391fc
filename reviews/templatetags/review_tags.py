from django import template

from documents import roles
from documents.models import Document
from reviews import presenters

register = template.Library()


@register.simple_tag(takes_context=True)
def document_review_panel(context, document: Document) -> dict:
    """`{% document_review_panel document as panel %}`: the audit trail and review of one document, as the signed-in
    person may read it."""
    return presenters.document_review_panel(document=document, viewer=context["request"].user)


@register.simple_tag(takes_context=True)
def user_is_reviewer(context) -> bool:
    return roles.user_is_reviewer(context["request"].user)


@register.simple_tag(takes_context=True)
def user_is_admin(context) -> bool:
    return roles.user_is_admin(context["request"].user)
