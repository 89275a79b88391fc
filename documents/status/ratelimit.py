"""Calls per second per provider, never exceeded however many workers call it.

Every caller books the next free slot in one database row per provider (`ProviderRateSlot`), then sleeps until its
slot: calls start at least 1/rate seconds apart, across processes and machines that share the database. The row
is locked while booking (FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), and the
transaction is only as long as two queries: nobody holds it while a call is in flight.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction


def rate_for(provider: str) -> float:
    return float(getattr(settings, "STATUS_RATE_LIMITS", {}).get(provider, 0.0) or 0.0)


def acquire(
    *,
    provider: str,
    rate: float | None = None,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    """Wait for this provider's next free slot. Returns the seconds waited (0 when there is no limit)."""
    from documents.models import ProviderRateSlot

    rate = rate_for(provider) if rate is None else rate
    if rate <= 0:
        return 0.0
    interval = 1.0 / rate
    for _attempt in range(100):
        now = clock()
        try:
            with transaction.atomic():
                row = ProviderRateSlot.objects.select_for_update().filter(provider=provider).first()
                if row is None:
                    ProviderRateSlot.objects.create(provider=provider, next_slot_at=now + interval)
                    slot = now
                else:
                    slot = max(now, row.next_slot_at)
                    ProviderRateSlot.objects.filter(pk=row.pk).update(next_slot_at=slot + interval)
        except IntegrityError:  # another worker created the row first: book again
            continue
        wait = slot - clock()
        if wait > 0:
            sleep(wait)
        return max(wait, 0.0)
    raise RuntimeError(f"could not book a call slot for {provider}")
