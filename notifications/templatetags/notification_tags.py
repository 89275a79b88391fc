from django import template

from notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """`{% unread_notifications as unread %}`: how many of the signed-in person's notifications are unread."""
    return selectors.unread_count(user=context["request"].user)
