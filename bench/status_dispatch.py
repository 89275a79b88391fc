"""The status dispatcher at the scale of a national registry: N businesses due, every one checked once.

    .venv/bin/python bench/status_dispatch.py                        # 100,000 on SQLite (var/bench-status.sqlite3)
    .venv/bin/python bench/status_dispatch.py --provider nts         # against the NTS stand-in over loopback HTTP
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/intake_bench .venv/bin/python bench/status_dispatch.py

Creates N businesses due now (bulk), runs the dispatcher and each batch's check in this process (what the beat
task and the workers do, without the broker), and prints wall time, database queries per 1,000 businesses,
provider calls (with nts: ceil(N/100)) and the process's peak RSS. Without DATABASE_URL it uses its own SQLite
file, never the product's database. The provider's rate limit is off (it measures our side, not the quota).

The timed section runs the product alone. `--memory` is a separate run under tracemalloc, which reports the peak
Python memory (and takes several times longer: its wall time is not the product's). With `--json` the last line is
{"businesses", "seconds", "businesses_per_second", "queries_per_1000", "provider_calls", "database", "provider",
"max_rss_mib", "peak_traced_mib" (null without --memory), "memory_run", "checked", "failed", "alerts", "due_again"}.
"""

import argparse
import json
import math
import resource
import time
import tracemalloc

from support import QueryCounter, registration_number
from support import setup_django as _setup_django


def setup_django() -> None:
    _setup_django(sqlite_name="bench-status.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="businesses due")
    parser.add_argument("--provider", choices=("simulated", "nts"), default="simulated")
    parser.add_argument("--closed-share", type=float, default=0.001, help="share the provider reports closed")
    parser.add_argument("--memory", action="store_true", help="run under tracemalloc (its time is not the product's)")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from registry import services as registry
    from registry.models import Business, BusinessAlert, BusinessCheck, SimulatedStatus
    from registry.providers import get_status_provider

    call_command("migrate", verbosity=0)
    settings.STATUS_RATE_LIMITS = {"nhn": 0, "nts": 0, "simulated": 0}
    settings.STATUS_DISPATCH_MAX = options.n + 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    standin = None
    if options.provider == "nts":
        from standins.nts_status import NtsStatusStandin

        standin = NtsStatusStandin(service_key="bench").start()
        settings.NTS_BASE_URL, settings.NTS_SERVICE_KEY = standin.base_url, "bench"
    settings.STATUS_PROVIDER = options.provider

    print(f"database: {connection.vendor}; provider: {options.provider}; businesses: {options.n:,}")
    BusinessAlert.objects.all().delete()
    BusinessCheck.objects.all().delete()
    Business.objects.all().delete()
    SimulatedStatus.objects.all().delete()
    started = time.perf_counter()
    now = timezone.now()
    numbers = [registration_number(100_000_000 + i * 7) for i in range(options.n)]
    for start in range(0, options.n, 5000):
        Business.objects.bulk_create(
            Business(number=number, name=f"회사 {start + i}", state="active", tax_type="general", next_check_at=now)
            for i, number in enumerate(numbers[start : start + 5000])
        )
    closed = numbers[:: max(1, int(1 / options.closed_share))] if options.closed_share > 0 else []
    SimulatedStatus.objects.bulk_create(SimulatedStatus(number=n, state="closed") for n in closed)
    if standin is not None:
        standin.statuses.update(dict.fromkeys(closed, "03"))
    print(f"created in {time.perf_counter() - started:.1f} s ({len(closed):,} will answer closed)")

    provider = get_status_provider()
    counter = QueryCounter()
    if options.memory:
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    checked = failed = alerts = 0
    with connection.execute_wrapper(counter):

        def check(token: str, ids: list[int]) -> None:
            nonlocal checked, failed, alerts
            report = registry.businesses_check(business_ids=ids, token=token, provider=provider)
            checked, failed, alerts = checked + report.checked, failed + report.failed, alerts + len(report.alerts)

        dispatch = registry.businesses_dispatch(provider=provider, enqueue=check)
    wall = time.perf_counter() - started
    peak = None
    if options.memory:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    calls = standin.calls["status"] if standin is not None else provider.calls
    print(f"dispatched {dispatch.claimed:,} in {dispatch.batches:,} batches; checked {checked:,}, failed {failed:,}, "
          f"alerts {alerts:,}")
    print(f"wall time: {wall:.1f} s ({options.n / wall:,.0f} businesses/s)"
          + (" -- under tracemalloc, not the product's time" if options.memory else ""))
    print(f"queries: {counter.count:,} ({counter.count / options.n * 1000:.1f} per 1,000 businesses)")
    print(f"provider calls: {calls:,} (ceil(n/100) = {math.ceil(options.n / 100):,})")
    if peak is not None:
        print(f"peak memory: {peak / 2**20:.1f} MiB traced by Python during the run")
    print(f"process max RSS {rss_after / 1024:.0f} MiB (was {rss_before / 1024:.0f} MiB before the run)")
    due_again = Business.objects.filter(next_check_at__lte=timezone.now()).count()
    print(f"due again right after: {due_again}; checks stored: {BusinessCheck.objects.count():,}")
    if standin is not None:
        standin.stop()
    if options.json:
        print(json.dumps({
            "businesses": options.n, "seconds": round(wall, 2), "businesses_per_second": round(options.n / wall),
            "queries_per_1000": round(counter.count / options.n * 1000, 1), "provider_calls": calls,
            "database": connection.vendor, "provider": options.provider, "max_rss_mib": round(rss_after / 1024),
            "peak_traced_mib": round(peak / 2**20, 1) if peak is not None else None, "memory_run": options.memory,
            "checked": checked, "failed": failed, "alerts": alerts, "due_again": due_again,
        }))


if __name__ == "__main__":
    main()
