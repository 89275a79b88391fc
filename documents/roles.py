"""The role groups and who holds them: the one place that names them (pages, API, admin and demo user ask here).

A role is a Django group of that name; a superuser holds every role."""

UPLOADER = "uploader"
REVIEWER = "reviewer"
ADMIN = "admin"
ROLE_GROUPS = (UPLOADER, REVIEWER, ADMIN)
REVIEWER_GROUPS = (REVIEWER, ADMIN)  # an administrator may review too
ADMIN_GROUPS = (ADMIN,)


def user_has_role(user, *, groups: tuple[str, ...]) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=groups).exists()


def user_is_reviewer(user) -> bool:
    return user_has_role(user, groups=REVIEWER_GROUPS)


def user_is_admin(user) -> bool:
    return user_has_role(user, groups=ADMIN_GROUPS)
