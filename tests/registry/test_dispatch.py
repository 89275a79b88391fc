"""The dispatcher: batching, leases, cadence per state, backoff, the rate limit, alerts and e-mail."""

import datetime as dt
import random
import threading
import time

import pytest
from django.core import mail
from django.utils import timezone

from registry import services as registry
from registry.models import Business, BusinessAlert, BusinessCheck, BusinessState
from registry.providers import get_status_provider
from registry.providers.ratelimit import acquire
from tests.factories import make_businesses


def run_dispatch(**kwargs):
    """The dispatcher with its batches run here instead of queued; returns (report, batches)."""
    batches = []
    report = registry.businesses_dispatch(enqueue=lambda token, ids: batches.append((token, ids)), **kwargs)
    return report, batches


def test_dispatcher_hands_out_due_businesses_in_provider_batches(db, settings):
    settings.STATUS_DISPATCH_BATCH = 120  # claims of 120 still split into batches of at most 100
    make_businesses(250)
    make_businesses(5, due=timezone.now() + dt.timedelta(days=3), start=600_000)  # not due
    due = sorted(Business.objects.filter(next_check_at__lte=timezone.now()).values_list("pk", flat=True))
    report, batches = run_dispatch()
    assert report.claimed == 250
    assert all(len(ids) <= 100 for _t, ids in batches)
    assert sorted(i for _t, ids in batches for i in ids) == due
    # leased: a second dispatcher finds nothing to hand out
    assert run_dispatch()[0].claimed == 0


def test_checks_with_nts_take_one_call_per_hundred(db, nts_standin):
    make_businesses(250)
    _report, batches = run_dispatch()
    provider = get_status_provider()
    for token, ids in batches:
        registry.businesses_check(business_ids=ids, token=token, provider=provider)
    assert nts_standin.calls["status"] == 3
    assert BusinessCheck.objects.count() == 250
    assert not Business.objects.filter(checked_at__isnull=True).exists()
    assert not Business.objects.exclude(lease_token="").exists()


def test_a_stale_batch_does_not_check_businesses_leased_to_someone_else(db):
    make_businesses(3)
    _r, [(token, ids)] = run_dispatch()
    Business.objects.filter(pk=ids[0]).update(lease_token="someone-else")
    report = registry.businesses_check(business_ids=ids, token=token)
    assert report.checked == 2
    assert not BusinessCheck.objects.filter(business_id=ids[0]).exists()


@pytest.mark.parametrize(
    ("state", "days"),
    [(BusinessState.ACTIVE, 7), (BusinessState.SUSPENDED, 1), (BusinessState.CLOSED, 30)],
)
def test_next_check_follows_the_cadence_of_the_new_state_with_jitter(db, settings, state, days):
    settings.STATUS_CHECK_JITTER = 0.2
    businesses = make_businesses(60)
    for b in businesses:
        registry.simulated_status_set(number=b.number, state=state)
    before = timezone.now()
    for token, ids in run_dispatch()[1]:
        registry.businesses_check(business_ids=ids, token=token)
    due = [b.next_check_at - before for b in Business.objects.all()]
    assert all(dt.timedelta(days=days * 0.8) - dt.timedelta(seconds=5) <= d <= dt.timedelta(days=days * 1.2)
               + dt.timedelta(seconds=5) for d in due)
    assert len({d.total_seconds() // 3600 for d in due}) > 1  # spread, not all due at the same hour


def test_jitter_spreads_a_day_of_approvals_over_days():
    now = timezone.now()
    rng = random.Random(4)
    days = {(registry.next_check_at(state=BusinessState.ACTIVE, now=now, rng=rng) - now).days for _ in range(1000)}
    assert days >= {5, 6, 7, 8}


def test_failed_checks_back_off_and_are_visible(db, nts_standin, settings):
    settings.STATUS_RETRY_BASE_SECONDS = 600
    [business] = make_businesses(1)
    delays = []
    for _attempt in range(3):
        nts_standin.script(["http:500"])
        Business.objects.filter(pk=business.pk).update(next_check_at=timezone.now())
        [(token, ids)] = run_dispatch()[1]
        started = timezone.now()
        registry.businesses_check(business_ids=ids, token=token)
        business.refresh_from_db()
        delays.append((business.next_check_at - started).total_seconds())
    assert business.failures == 3 and "INTERNAL_ERROR" in business.last_error
    assert 300 <= delays[0] <= 600 and 600 <= delays[1] <= 1200 and 1200 <= delays[2] <= 2400
    assert BusinessCheck.objects.filter(business=business, succeeded=False).count() == 3
    assert business.state == BusinessState.UNKNOWN  # a failure does not pretend to know the state
    nts_standin.statuses[business.number] = "01"
    Business.objects.filter(pk=business.pk).update(next_check_at=timezone.now())
    [(token, ids)] = run_dispatch()[1]
    registry.businesses_check(business_ids=ids, token=token)
    business.refresh_from_db()
    assert (business.failures, business.last_error, business.state) == (0, "", BusinessState.ACTIVE)


def test_closure_raises_an_alert_and_mails_the_admins(db, django_capture_on_commit_callbacks):
    businesses = make_businesses(3)
    for token, ids in run_dispatch()[1]:
        registry.businesses_check(business_ids=ids, token=token)
    assert not BusinessAlert.objects.exists()  # unknown -> active is not news
    registry.simulated_status_set(number=businesses[0].number, state=BusinessState.CLOSED)
    registry.simulated_status_set(number=businesses[1].number, state=BusinessState.SUSPENDED)
    Business.objects.update(next_check_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        for token, ids in run_dispatch()[1]:
            registry.businesses_check(business_ids=ids, token=token)
    alerts = {a.business.number: (a.previous_state, a.state) for a in BusinessAlert.objects.all()}
    assert alerts == {
        businesses[0].number: (BusinessState.ACTIVE, BusinessState.CLOSED),
        businesses[1].number: (BusinessState.ACTIVE, BusinessState.SUSPENDED),
    }
    assert len(mail.outbox) == 1  # one mail per batch, listing every change
    [message] = mail.outbox
    assert message.to == ["ops@example.com"]
    assert businesses[0].formatted_number in message.body and businesses[1].formatted_number in message.body

    # back to active is news too
    registry.simulated_status_set(number=businesses[0].number, state=BusinessState.ACTIVE)
    Business.objects.update(next_check_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        for token, ids in run_dispatch()[1]:
            registry.businesses_check(business_ids=ids, token=token)
    latest = BusinessAlert.objects.order_by("-id").first()
    assert (latest.previous_state, latest.state) == (BusinessState.CLOSED, BusinessState.ACTIVE)
    assert len(mail.outbox) == 2


def test_a_lost_batch_falls_due_again_when_its_lease_ends(db, settings):
    settings.STATUS_CHECK_LEASE_SECONDS = 600
    make_businesses(3)
    assert run_dispatch()[0].claimed == 3  # ... and the worker never ran them
    assert run_dispatch(now=timezone.now() + dt.timedelta(seconds=300))[0].claimed == 0
    assert run_dispatch(now=timezone.now() + dt.timedelta(seconds=601))[0].claimed == 3


def test_check_now_is_refused_while_a_check_is_under_way(db):
    [business] = make_businesses(1)
    run_dispatch()  # leased by the dispatcher
    assert registry.business_check_now(business=business, inline=True) is False
    assert not BusinessCheck.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_rate_limit_holds_across_concurrent_workers(nts_standin, settings):
    """Four workers, each with its own database connection, calling the stand-in as fast as they can."""
    from django.db import connection

    rate = 20.0
    settings.STATUS_RATE_LIMITS = {"nts": rate}
    calls_each = 8

    def worker():
        try:
            provider = get_status_provider("nts")
            for _i in range(calls_each):
                provider.post("status", {"b_no": ["1168200276"]})
        finally:
            connection.close()

    started = time.time()
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    times = sorted(t for _op, t, _n in nts_standin.arrivals)
    assert len(times) == 32
    assert elapsed >= (32 - 1) / rate * 0.95
    # In any one-second window the service saw at most `rate` calls (plus one for scheduling noise at the edges).
    most = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert most <= rate + 1


def test_rate_limiter_spaces_calls_by_the_interval(db):
    clock = [1000.0]
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        clock[0] += seconds

    for _ in range(5):
        acquire(provider="nts", rate=4.0, clock=lambda: clock[0], sleep=sleep)
    assert waits == pytest.approx([0.25, 0.25, 0.25, 0.25])


def test_a_caller_that_wakes_late_does_not_squeeze_the_next_call_in_beside_it(db):
    """On a loaded machine a sleeping worker wakes late while another worker's call goes ahead on time; the calls
    that really start must still be 1/rate apart."""
    now = [1000.0]
    starts = {}

    def call(name, sleep):
        acquire(provider="nts", rate=4.0, clock=lambda: now[0], sleep=sleep)
        starts[name] = now[0]

    def exact(seconds):
        now[0] += seconds

    other_ran = []

    def oversleep_while_another_worker_calls(seconds):
        wake = now[0] + seconds + 0.2  # the scheduler gives this worker its CPU back 200 ms late
        if not other_ran:
            other_ran.append(True)
            now[0] += 0.01
            call("on time", exact)
        now[0] = max(now[0], wake)

    call("first", exact)
    call("late", oversleep_while_another_worker_calls)
    times = sorted(starts.values())
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert len(times) == 3 and min(gaps) >= 0.25 - 1e-9


def test_a_fresh_check_can_be_refused_when_the_last_one_is_recent(db):
    [business] = make_businesses(1)
    assert registry.business_check_now(business=business, inline=True)
    assert not registry.business_check_now(business=business, inline=True, not_within=dt.timedelta(minutes=1))
    assert registry.business_check_now(business=business, inline=True)
    assert BusinessCheck.objects.filter(business=business).count() == 2
