"""What an HTTP status from a paid outside service means for the call that got it: the one rule the OCR service
client (documents/ocr/nhn.py) and the business status providers (registry/providers/nhn.py and nts.py) follow."""

CONFIGURATION = "configuration"  # our keys or address are wrong: an operator must act, a retry cannot help
RETRYABLE = "retryable"  # the service is busy or down: the same call may succeed later
REFUSED = "refused"  # this request will always get this answer (malformed, too large)

CONFIGURATION_STATUSES = frozenset({401, 403, 404, 405})
RETRYABLE_STATUSES = frozenset({408, 425, 429})  # and every 5xx


def http_failure(status: int) -> str | None:
    """None for a success (2xx), else CONFIGURATION, RETRYABLE or REFUSED."""
    if 200 <= status < 300:
        return None
    if status in CONFIGURATION_STATUSES:
        return CONFIGURATION
    if status in RETRYABLE_STATUSES or status >= 500:
        return RETRYABLE
    return REFUSED
