"""The one table that says what an outside service's HTTP status means for the call (documents/http_failures.py)."""

import pytest

from documents.http_failures import CONFIGURATION, REFUSED, RETRYABLE, http_failure


@pytest.mark.parametrize("status, meaning", [
    (200, None), (204, None),
    (401, CONFIGURATION), (403, CONFIGURATION), (404, CONFIGURATION), (405, CONFIGURATION),
    (408, RETRYABLE), (425, RETRYABLE), (429, RETRYABLE), (500, RETRYABLE), (503, RETRYABLE),
    (400, REFUSED), (411, REFUSED), (413, REFUSED), (422, REFUSED),
])
def test_what_each_status_means(status, meaning):
    assert http_failure(status) == meaning
