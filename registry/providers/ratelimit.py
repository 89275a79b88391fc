"""Calls per second per provider, never exceeded however many workers call it.

One database row per provider (`ProviderRateSlot`) holds when the next call may start. A caller takes the slot
only when it is due *now*, in the same short transaction that moves it on by 1/rate, and then calls at once;
a caller that is early commits nothing, sleeps until the slot and tries again. So the moments at which calls
really start are at least 1/rate apart, even when a worker wakes late: an earlier design booked a future slot
and then slept until it, and a sleeper that woke late (a loaded machine) started its call right next to the
following on-time one — 22 calls reached the service in one second at a limit of 20.

The row is locked while taking it (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers) for two queries; nobody holds it while a call is in flight.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction

MAX_TRIES = 10_000  # a caller keeps losing the race only when the limit is far below the demand; fail loudly then


def rate_for(provider: str) -> float:
    return float(getattr(settings, "STATUS_RATE_LIMITS", {}).get(provider, 0.0) or 0.0)


def acquire(
    *,
    provider: str,
    rate: float | None = None,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """Wait until this provider may be called now. Returns the seconds waited (0 when there is no limit)."""
    rate = rate_for(provider) if rate is None else rate
    if rate <= 0:
        return 0.0
    interval = 1.0 / rate
    waited = 0.0
    for _attempt in range(MAX_TRIES):
        wait = _take_if_due(provider=provider, interval=interval, now=clock())
        if wait is None:
            return waited
        sleep(wait)
        waited += wait
    raise RuntimeError(f"could not take a call slot for {provider}")


def _take_if_due(*, provider: str, interval: float, now: float) -> float | None:
    """Take the provider's slot if it is due at `now` (None), else how long until it is (nothing changes)."""
    from registry.models import ProviderRateSlot

    try:
        with transaction.atomic():
            row = ProviderRateSlot.objects.select_for_update().filter(provider=provider).first()
            if row is None:
                ProviderRateSlot.objects.create(provider=provider, next_slot_at=now + interval)
                return None
            if row.next_slot_at > now:
                return row.next_slot_at - now
            ProviderRateSlot.objects.filter(pk=row.pk).update(next_slot_at=now + interval)
            return None
    except IntegrityError:  # another worker created the row first: it took the first slot
        return interval
