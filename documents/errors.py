"""The one error family: every error a person or a partner may read derives from ApplicationError.

Services raise these with a message for the user (translated with gettext); the pages show `message`, and the
partner API turns any of them into its one error shape in one place (partners/errors.py), so views never
translate errors by hand."""


class ApplicationError(Exception):
    """`code`: a stable name a program can branch on; `message`: for the person; `details`: structured extras
    (the field a message belongs to, seconds until a retry makes sense)."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, details: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details if details is not None else {}


class InvalidInput(ApplicationError):
    """What was sent cannot be accepted as it is; `field` names the input at fault (the API reports it there)."""

    code = "invalid"
    field = ""


class Forbidden(ApplicationError):
    """The caller may see this but may not do that to it."""

    code = "permission_denied"


class Conflict(ApplicationError):
    """Not now: the state of things forbids it (still being read, checked a moment ago)."""

    code = "conflict"
