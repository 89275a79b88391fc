"""What the review pages read: the queue, its rows and status, the metrics. (How they are shown: presenters.py.)"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from documents import kinds
from documents.audit import Action
from documents.kinds import Kind
from documents.models import AuditEvent, ExtractedField
from documents.paging import EstimatedCountPaginator, estimated_rows

from . import routing
from .models import ReviewReason, ReviewTask
from .services import (
    claim_expiry,
    open_tasks_for,
    tasks_matching,
)


def reason_label(code: str) -> str:
    return str(routing.LABELS.get(code, code))


def field_label(name: str, index: int = 0) -> str:
    return kinds.field_label(name, index) if name else ""


def reason_text(reason: ReviewReason) -> str:
    """`Low confidence: Company name`, or just the label for a reason about the whole document."""
    label = reason_label(reason.code)
    return f"{label}: {field_label(reason.field_name)}" if reason.field_name else label


# --- Queue ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueSummary:
    total: int
    oldest_at: dt.datetime | None
    by_reason: list[tuple[str, str, int]]  # code, label, count
    by_kind: list[tuple[str, str, int]]


def open_tasks():
    return ReviewTask.objects.filter(resolved_at__isnull=True)


# Above this many open tasks the counts by reason and by kind (two joins over every open task: 300 ms with 20,000)
# come from a cache up to BREAKDOWN_SECONDS old; the total and the oldest stay exact on every request.
BREAKDOWN_CACHED_ABOVE = 1_000
BREAKDOWN_SECONDS = 15


def _queue_breakdown() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(code, open tasks with that reason) and (kind, open tasks), most first."""
    by_reason = (
        ReviewReason.objects.filter(task__resolved_at__isnull=True)
        .values("code").annotate(n=Count("task", distinct=True)).order_by("-n", "code")
    )
    by_kind = open_tasks().values("document__kind").annotate(n=Count("id")).order_by("-n")
    return [(r["code"], r["n"]) for r in by_reason], [(k["document__kind"], k["n"]) for k in by_kind]


def queue_summary() -> QueueSummary:
    aggregate = open_tasks().aggregate(total=Count("id"), oldest=Min("created_at"))
    if aggregate["total"] > BREAKDOWN_CACHED_ABOVE:
        by_reason, by_kind = cache.get_or_set("reviews:queue-breakdown", _queue_breakdown, BREAKDOWN_SECONDS)
    else:
        by_reason, by_kind = _queue_breakdown()
    kinds = dict(Kind.choices)
    return QueueSummary(
        total=aggregate["total"],
        oldest_at=aggregate["oldest"],
        by_reason=[(code, reason_label(code), n) for code, n in by_reason],
        by_kind=[(kind, str(kinds.get(kind, "")), n) for kind, n in by_kind],
    )


def queue_status(*, now: dt.datetime | None = None) -> dict:
    """The queue page's live numbers as JSON-ready values: totals, counts by reason and kind, the oldest age, and
    the summary line already worded (and translated) the way the page words it."""
    now = now or timezone.now()
    summary = queue_summary()
    text = ngettext("%(n)s document waiting", "%(n)s documents waiting", summary.total) % {"n": summary.total}
    age_seconds = None
    if summary.oldest_at:
        age_seconds = max(int((now - summary.oldest_at).total_seconds()), 0)
        text += " · " + _("oldest waiting for %(age)s") % {"age": timesince(summary.oldest_at, now)}
    return {
        "total": summary.total,
        "oldest_at": summary.oldest_at.isoformat() if summary.oldest_at else None,
        "oldest_age_seconds": age_seconds,
        "summary": text,
        "by_reason": [{"code": code, "label": label, "count": n} for code, label, n in summary.by_reason],
        "by_kind": [{"code": code, "label": label, "count": n} for code, label, n in summary.by_kind],
    }


@dataclass(frozen=True)
class QueueRow:
    task: ReviewTask
    reasons: list[str]
    claimed_by: str  # "" when free


QUEUE_PAGE_SIZE = 50  # rows a queue page shows; rendering is the page's cost (200 rows: 90 ms at 20,000 open)


def queue_page(*, kind: str = "", reason: str = "", page=1) -> Page:
    """One page of the open tasks matching the filters, oldest first; its `object_list` holds QueueRows. The count
    behind "page n of m" is the planner's estimate above 10,000 matching tasks (documents.paging)."""
    tasks = open_tasks().select_related("document", "claimed_by").prefetch_related("reasons")
    tasks = tasks_matching(tasks.order_by("created_at", "id"), kind=kind, reason=reason)
    shown = EstimatedCountPaginator(tasks, QUEUE_PAGE_SIZE).get_page(page)
    live = timezone.now() - claim_expiry()
    rows = []
    for task in shown.object_list:
        labels = [reason_text(r) for r in task.reasons.all()]
        live_claim = task.claimed_by and task.claimed_at and task.claimed_at >= live
        holder = task.claimed_by.get_username() if live_claim else ""
        rows.append(QueueRow(task=task, reasons=labels, claimed_by=holder))
    shown.object_list = rows
    return shown


def queue_left(*, user, kind: str = "", reason: str = "", besides: ReviewTask | None = None) -> int:
    """Open tasks in the reviewer's queue (its filters; four-eyes leaves out their own uploads) other than `besides`."""
    tasks = tasks_matching(open_tasks_for(user=user), kind=kind, reason=reason)
    if besides is not None:
        tasks = tasks.exclude(pk=besides.pk)
    return tasks.count()


def _days(n: int) -> list[dt.date]:
    today = timezone.localdate()
    return [today - dt.timedelta(days=i) for i in range(n - 1, -1, -1)]


@dataclass(frozen=True)
class RateRow:
    """Straight-through in one group: documents approved with no person, and sent to one."""

    code: str
    label: str
    auto: int
    reviewed: int

    @property
    def total(self) -> int:
        return self.auto + self.reviewed

    @property
    def rate(self) -> float | None:
        return self.auto / self.total if self.total else None


def _rate_rows(counts: dict[str, Counter], labels: dict[str, str]) -> list[RateRow]:
    rows = [RateRow(code, labels.get(code, code) or "—", c[Action.AUTO_APPROVED], c[Action.ROUTED_TO_REVIEW])
            for code, c in counts.items()]
    return sorted(rows, key=lambda r: (-r.total, r.code))


def routing_breakdown(*, since: dt.datetime) -> dict:
    """Straight-through by engine and by kind, why documents went to a person, the unsure fields approved unverified,
    and the approvals that later needed a correction: all over documents routed since `since` (one bounded
    aggregate query each, whatever the number of documents)."""
    routed = AuditEvent.objects.filter(
        action__in=(Action.AUTO_APPROVED, Action.ROUTED_TO_REVIEW), created_at__gte=since
    )
    by_engine: dict[str, Counter] = defaultdict(Counter)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    decided = Counter()
    groups = routed.values("action", "document__kind", "document__extraction__engine").annotate(
        n=Count("document", distinct=True)
    ).order_by()
    for row in groups:
        by_engine[row["document__extraction__engine"] or ""][row["action"]] += row["n"]
        by_kind[row["document__kind"]][row["action"]] += row["n"]
        decided[row["action"]] += row["n"]
    total = decided[Action.AUTO_APPROVED] + decided[Action.ROUTED_TO_REVIEW]

    reasons = (
        ReviewReason.objects.filter(task__created_at__gte=since).values("code")
        .annotate(n=Count("task", distinct=True)).order_by("-n", "code")
    )
    by_reason = [
        {"code": r["code"], "label": reason_label(r["code"]), "documents": r["n"],
         "share": r["n"] / total if total else None}
        for r in reasons
    ]

    unverified = ExtractedField.objects.filter(
        unverified=True, extraction__document__created_at__gte=since
    ).aggregate(fields=Count("id"), documents=Count("extraction", distinct=True))

    later_change = AuditEvent.objects.filter(
        document=OuterRef("document"), created_at__gt=OuterRef("created_at"),
        action__in=(Action.FIELD_CORRECTED, Action.ROUTED_TO_REVIEW),
    )
    approvals = AuditEvent.objects.filter(action__in=(Action.AUTO_APPROVED, Action.APPROVED), created_at__gte=since)
    corrected = {
        row["action"]: row for row in approvals.values("action").annotate(
            total=Count("document", distinct=True),
            corrected=Count("document", distinct=True, filter=Exists(later_change)),
        ).order_by()
    }
    engines = {"local": _("Embedded engine (local)"), "nhn": _("NHN Cloud OCR"), "": _("Not read")}
    return {
        "by_engine": _rate_rows(by_engine, engines),
        "by_kind": _rate_rows(by_kind, {k: str(label) for k, label in Kind.choices}),
        "by_reason": by_reason,
        "decided": total,
        "unverified_fields": unverified["fields"],
        "unverified_documents": unverified["documents"],
        "auto_approved_corrected": corrected.get(Action.AUTO_APPROVED, {}).get("corrected", 0),
        "auto_approved_total": corrected.get(Action.AUTO_APPROVED, {}).get("total", 0),
        "person_approved_corrected": corrected.get(Action.APPROVED, {}).get("corrected", 0),
        "person_approved_total": corrected.get(Action.APPROVED, {}).get("total", 0),
    }
# A large audit trail's metrics (aggregates over every routed document and reviewed field: 400 ms at 100,000
# documents) are kept this long, so they may be a minute old; a small one is computed on every request.
METRICS_CACHED_ABOVE = 50_000  # audit events, as PostgreSQL's statistics estimate them
METRICS_SECONDS = 60


def metrics(*, days: int = 14) -> dict:
    """The metrics page's numbers (see `_metrics`), from a short cache when the audit trail is large."""
    if estimated_rows(AuditEvent) <= METRICS_CACHED_ABOVE:
        return _metrics(days=days)
    key = f"reviews:metrics:{days}:{translation.get_language()}"
    return cache.get_or_set(key, lambda: _metrics(days=days), METRICS_SECONDS)


def _metrics(*, days: int) -> dict:
    routed = AuditEvent.objects.filter(action__in=(Action.AUTO_APPROVED, Action.ROUTED_TO_REVIEW))
    counts = Counter(dict(routed.values_list("action").annotate(n=Count("document", distinct=True))))
    auto, reviewed = counts[Action.AUTO_APPROVED], counts[Action.ROUTED_TO_REVIEW]
    straight_through = auto / (auto + reviewed) if auto + reviewed else None

    since = timezone.now() - dt.timedelta(days=days)
    per_day = defaultdict(Counter)
    daily = (
        routed.filter(created_at__gte=since).annotate(day=TruncDate("created_at"))
        .values("day", "action").annotate(n=Count("id")).order_by()
    )
    for row in daily:
        per_day[row["day"]][row["action"]] += row["n"]
    stp_series = []
    for day in _days(days):
        c = per_day.get(day, Counter())
        total = c[Action.AUTO_APPROVED] + c[Action.ROUTED_TO_REVIEW]
        stp_series.append((day.strftime("%m-%d"), round(100 * c[Action.AUTO_APPROVED] / total, 1) if total else 0))

    approved_reviewed = ReviewTask.objects.filter(outcome=ReviewTask.Outcome.APPROVED)
    fields = ExtractedField.objects.filter(extraction__document__review_task__in=approved_reviewed)
    per_field = [
        {"name": r["name"], "label": field_label(r["name"]), "seen": r["seen"], "corrected": r["corrected"],
         "rate": r["corrected"] / r["seen"] if r["seen"] else 0}
        for r in fields.values("name").annotate(seen=Count("id"), corrected=Count("id", filter=~Q(corrected_at=None)))
        .order_by("name")
    ]
    per_field.sort(key=lambda r: (-r["rate"], r["name"]))

    sampled = ReviewTask.objects.filter(sampled=True).exclude(resolved_at=None)
    sampled_total = sampled.count()
    sampled_wrong = sampled.filter(
        Q(outcome=ReviewTask.Outcome.REJECTED)
        | Q(document__extraction__fields__corrected_at__isnull=False)
    ).distinct().count()

    resolved = ReviewTask.objects.exclude(resolved_at=None).filter(resolved_at__gte=since)
    throughput = list(
        resolved.annotate(day=TruncDate("resolved_at")).values("day", "resolved_by__username")
        .annotate(n=Count("id")).order_by("-day", "resolved_by__username")
    )
    per_day_total = Counter()
    for row in throughput:
        per_day_total[row["day"]] += row["n"]
    throughput_series = [(day.strftime("%m-%d"), per_day_total.get(day, 0)) for day in _days(days)]

    summary = queue_summary()
    # a partial index (documents.ExtractedField) holds only the verified fields: this count reads nothing else
    verified_fields = ExtractedField.objects.filter(verified_at__isnull=False).count()
    return {
        "verified_fields": verified_fields,
        "auto_approved": auto,
        "routed_to_review": reviewed,
        "straight_through": straight_through,
        "queue": summary,
        "per_field": per_field,
        "sampled_total": sampled_total,
        "sampled_wrong": sampled_wrong,
        "sampled_error_rate": sampled_wrong / sampled_total if sampled_total else None,
        "throughput": throughput,
        "stp_series": stp_series,
        "throughput_series": throughput_series,
        "days": days,
        "routing": routing_breakdown(since=since),
    }
