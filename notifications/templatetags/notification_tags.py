from django import template

from notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """`{% unread_notifications as unread %}`: how many of the signed-in person's notifications are unread.

    Counted once per request: the header shows the count twice (in its menu, and on the menu's button when the
    menu is folded on a phone)."""
    request = context["request"]
    if not hasattr(request, "unread_notifications"):
        request.unread_notifications = selectors.unread_count(user=request.user)
    return request.unread_notifications
