"""View models of the review pages: what the review screen, the audit panel and the metrics charts show, shaped
for their templates from what selectors.py and the models give. No writes here."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from documents.audit import ACTION_LABELS, Action, events_for, note_text
from documents.kinds import CATEGORY_FIELDS, Kind, Status
from documents.models import AuditEvent, Document, ExtractedField
from documents.selectors import category_rows, user_is_operator

from . import routing
from .categories import MAX_ROWS as MAX_CATEGORY_ROWS
from .categories import input_name as category_input_name
from .categories import typed_halves
from .models import ReviewReason, ReviewTask
from .selectors import field_label, metrics, reason_label, reason_text
from .services import (
    CATEGORY_REPEATED,
    REJECT_REASONS,
    category_limit_message,
    category_problem_key,
)

# --- The review screen ----------------------------------------------------------------------------

# which browser-side check (static/js) a field gets
CHECK_OF_FIELD = {
    "registration_number": "registration",
    "card_number": "card",
    "valid_thru": "valid_thru",
    "birth_date": "date",
    "opening_date": "date",
    "issue_date": "date",
}


def check_messages() -> dict[str, str]:
    """What the browser says when a value fails one of its checks: the reason labels routing uses."""
    code = routing.Code
    return {
        "registration": reason_label(code.BAD_CHECK_DIGIT),
        "card": reason_label(code.BAD_CARD_NUMBER),
        "valid_thru": reason_label(code.MALFORMED_EXPIRY),
        "expired": reason_label(code.EXPIRED),
        "date": reason_label(code.BAD_DATE),
        "category_repeat": str(CATEGORY_REPEATED),
        "category_limit": category_limit_message(),
    }


@dataclass
class FieldView:
    pk: int
    name: str
    label: str
    value: str  # as shown: masked for a card number; the correction when there is one
    machine_value: str
    corrected_value: str
    confidence: float
    reasons: list[str]
    points: str
    crop_view_box: str
    check: str  # which browser-side check the input gets
    problem: str = ""
    verified_at: dt.datetime | None = None  # the tax office confirmed the value: its confidence does not matter
    unverified: bool = False  # unsure, but not a field that decides approval (routing.is_unverified)

    @property
    def input_name(self) -> str:
        return f"field_{self.pk}" if self.pk else f"new_{self.name}"

    @property
    def flagged(self) -> bool:
        return bool(self.reasons)

    @property
    def confidence_percent(self) -> str:
        return f"{self.confidence * 100:.1f}%"


@dataclass
class CategoryHalf:
    """The business type or the business item of one category row on the review screen."""

    pk: int  # 0: the engine read nothing here (a blank half, or a row the reviewer adds)
    name: str
    index: int
    value: str  # as shown: the correction when there is one
    machine_value: str
    corrected: bool
    confidence: float
    flagged: bool
    points: str
    unverified: bool = False

    @property
    def input_name(self) -> str:
        return f"field_{self.pk}" if self.pk else category_input_name(index=self.index, name=self.name)

    @property
    def label(self) -> str:
        return field_label(self.name)

    @property
    def confidence_percent(self) -> str:
        return f"{self.confidence * 100:.1f}%"


@dataclass
class CategoryRow:
    """One 업태/종목 row. Emptying both halves removes it; the machine's reading stays next to the correction."""

    index: int
    type: CategoryHalf
    item: CategoryHalf
    crop_view_box: str = ""  # both halves' boxes and some margin: the row as printed
    problem: str = ""

    @property
    def halves(self) -> tuple[CategoryHalf, CategoryHalf]:
        return (self.type, self.item)

    @property
    def removed(self) -> bool:
        return not (self.type.value.strip() or self.item.value.strip())

    @property
    def problem_key(self) -> str:
        return category_problem_key(self.index)

    @property
    def flagged(self) -> bool:
        return self.type.flagged or self.item.flagged


@dataclass
class ReviewScreen:
    task: ReviewTask
    document: Document
    fields: list[FieldView]
    document_reasons: list[str]
    width: float
    height: float
    categories: list[CategoryRow]
    category_reasons: list[str]
    image_url_params: str = ""
    category_problem: str = ""  # about the list as a whole (too many rows)
    max_category_rows: int = MAX_CATEGORY_ROWS

    @property
    def shows_categories(self) -> bool:
        return self.document.kind == Kind.BUSINESS_CERTIFICATE

    @property
    def main_category_index(self) -> int | None:
        """The row that is the main category: the first one not removed."""
        return next((row.index for row in self.categories if not row.removed), None)

    @property
    def next_category_index(self) -> int:
        """Where a row the reviewer adds goes: after every row there is."""
        return max((row.index for row in self.categories), default=-1) + 1

    def apply_posted(self, posted) -> None:
        """After a failed approval, show what the reviewer sent rather than what is stored: typed values, rows
        they added (which were not kept)."""
        for view in self.fields:
            if view.input_name in posted:
                view.value = posted[view.input_name]
        for row in self.categories:
            for half in row.halves:
                if half.input_name in posted:
                    half.value = posted[half.input_name]
        known = {row.index for row in self.categories}
        added: dict[int, dict[str, str]] = {}
        for (index, name), text in typed_halves(posted).items():
            if index not in known:
                added.setdefault(index, {})[name] = text
        for index, typed in sorted(added.items()):
            self.categories.append(_category_row(index, {}, flags=_Flags({}, frozenset()), typed=typed))

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def _points(box) -> list[tuple[float, float]]:
    if not isinstance(box, list) or len(box) < 3:
        return []
    try:
        return [(float(p[0]), float(p[1])) for p in box]
    except (TypeError, ValueError, IndexError):
        return []


def _crop(points: list[tuple[float, float]], *, width: float, height: float) -> str:
    if not points:
        return ""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad_x = max((max(xs) - min(xs)) * 0.15, width * 0.02)
    pad_y = max((max(ys) - min(ys)) * 0.6, height * 0.02)
    x0, y0 = max(min(xs) - pad_x, 0), max(min(ys) - pad_y, 0)
    x1, y1 = min(max(xs) + pad_x, width), min(max(ys) + pad_y, height)
    return f"{x0:.1f} {y0:.1f} {max(x1 - x0, 1):.1f} {max(y1 - y0, 1):.1f}"


def review_screen(*, task: ReviewTask) -> ReviewScreen:
    document = task.document
    fields = list(document.extraction.fields.all())
    reasons = list(task.reasons.all())
    by_field: dict[str, list[str]] = defaultdict(list)
    document_reasons = []
    for r in reasons:
        if r.field_name:
            detail = ""
            if r.code == routing.Code.LOW_CONFIDENCE:
                detail = f" ({r.detail.get('confidence', 0) * 100:.0f}% < {r.detail.get('threshold', 0) * 100:.0f}%)"
            by_field[r.field_name].append(reason_label(r.code) + detail)
        else:
            document_reasons.append(reason_label(r.code))
    all_points = [p for f in fields for p in _points(f.box)]
    width = float(document.width or max([p[0] for p in all_points] or [1000]) * 1.05)
    height = float(document.height or max([p[1] for p in all_points] or [1000]) * 1.05)
    present = {f.name for f in fields}
    views = []
    is_certificate = document.kind == Kind.BUSINESS_CERTIFICATE
    rows = dict(category_rows(fields)) if is_certificate else {}
    for f in fields:
        if is_certificate and f.name in CATEGORY_FIELDS:
            continue
        points = _points(f.box)
        views.append(FieldView(
            pk=f.pk, name=f.name, label=f.label, value=f.display_value,
            machine_value=f.value, corrected_value=f.corrected_value, confidence=f.confidence,
            reasons=by_field.get(f.name, []),
            points=" ".join(f"{x:g},{y:g}" for x, y in points),
            crop_view_box=_crop(points, width=width, height=height),
            check=CHECK_OF_FIELD.get(f.name, ""), unverified=f.unverified,
            verified_at=f.verified_at,
        ))
    for name in routing.REQUIRED_FIELDS.get(document.kind, ()):
        if name not in present:  # nothing was read at all: an empty input to type it from the image
            views.append(FieldView(
                pk=0, name=name, label=field_label(name), value="", machine_value="", corrected_value="",
                confidence=0.0, reasons=by_field.get(name, []), points="", crop_view_box="",
                check=CHECK_OF_FIELD.get(name, ""),
            ))
    flags = _Flags.of(reasons)
    return ReviewScreen(
        task=task, document=document, fields=views, document_reasons=document_reasons, width=width, height=height,
        categories=[
            _category_row(index, row, flags=flags, width=width, height=height) for index, row in sorted(rows.items())
        ],
        category_reasons=list(dict.fromkeys(label for name in CATEGORY_FIELDS for label in by_field.get(name, []))),
        image_url_params="?page=1" if document.is_pdf else "",
    )


@dataclass(frozen=True)
class _Flags:
    """Which category halves a task's reasons point at. A reason names a field, not a row: a low-confidence reason
    flags the halves under its threshold, any other reason every half of that name."""

    thresholds: dict[str, float]
    others: frozenset[str]

    @classmethod
    def of(cls, reasons: list[ReviewReason]) -> "_Flags":
        low = routing.Code.LOW_CONFIDENCE
        return cls(
            thresholds={r.field_name: r.detail.get("threshold", 1.0) for r in reasons if r.code == low},
            others=frozenset(r.field_name for r in reasons if r.field_name and r.code != low),
        )

    def flagged(self, field: ExtractedField) -> bool:
        threshold = self.thresholds.get(field.name)
        return (threshold is not None and field.confidence < threshold) or field.name in self.others


def _category_row(
    index: int, fields: dict[str, ExtractedField], *, flags: _Flags, width: float = 0, height: float = 0,
    typed: dict[str, str] | None = None,
) -> CategoryRow:
    """One row from its read fields; `typed`: what the reviewer typed into a row they added."""
    halves = []
    for name in CATEGORY_FIELDS:
        f = fields.get(name)
        if f is None:
            halves.append(CategoryHalf(
                pk=0, name=name, index=index, value=(typed or {}).get(name, ""), machine_value="", corrected=False,
                confidence=0.0, flagged=False, points="",
            ))
            continue
        halves.append(CategoryHalf(
            pk=f.pk, name=name, index=index, value=f.display_value, machine_value=f.value, corrected=f.is_corrected,
            confidence=f.confidence, flagged=flags.flagged(f), unverified=f.unverified,
            points=" ".join(f"{x:g},{y:g}" for x, y in _points(f.box)),
        ))
    points = [p for f in fields.values() for p in _points(f.box)]
    return CategoryRow(
        index=index, type=halves[0], item=halves[1], crop_view_box=_crop(points, width=width, height=height)
    )


# --- The document page's panel ----------------------------------------------------------------------


@dataclass(frozen=True)
class EventRow:
    event: AuditEvent
    actor: str
    summary: str
    note: str  # as this viewer may read it: an operator-only failure detail is for operators

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.event.action, self.event.action))


def _summary(event: AuditEvent) -> str:
    before, after = event.before or {}, event.after or {}
    if event.action == Action.KIND_CHANGED:
        kinds = {value: str(text) for value, text in Kind.choices}
        was, now = before.get("kind", ""), after.get("kind", "")
        return f"{kinds.get(was, was)} → {kinds.get(now, now)}"
    if event.action == Action.FIELD_CORRECTED:
        label = field_label(event.field_name, after.get("index", 0))
        return f"{label}: {before.get('value', '')} → {after.get('value', '')}"
    if "status" in before or "status" in after:
        labels = {value: str(text) for value, text in Status.choices}  # what a user reads, in their language
        was, now = before.get("status", ""), after.get("status", "")
        return f"{labels.get(was, was)} → {labels.get(now, now)}"
    return ""


def document_review_panel(*, document: Document, viewer) -> dict:
    """The context of templates/reviews/_document_review_panel.html, as `viewer` may read it."""
    tasks = ReviewTask.objects.filter(document=document)
    task = tasks.prefetch_related("reasons").select_related("resolved_by").first()
    operator = user_is_operator(viewer)
    events = [
        EventRow(event=e, actor=e.actor.get_username() if e.actor else "", summary=_summary(e),
                 note=note_text(e.note, operator=operator))
        for e in events_for(document=document)
    ]
    corrected = ExtractedField.objects.filter(extraction__document=document).exclude(corrected_at=None)
    corrections = [
        {"label": f.label, "machine": f.value, "corrected": f.display_value, "by": f.corrected_by, "at": f.corrected_at,
         "confidence": f.confidence}
        for f in corrected.select_related("corrected_by")
    ]
    reasons = [reason_text(r) for r in task.reasons.all()] if task else []
    reject_reason = str(REJECT_REASONS.get(task.reject_reason, task.reject_reason)) if task else ""
    return {"task": task, "events": events, "corrections": corrections, "reasons": reasons,
            "reject_reason": reject_reason}


# --- Metrics ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text: str

    @property
    def cx(self) -> str:
        return f"{self.x + self.width / 2:.1f}"

    @property
    def label_y(self) -> str:
        return f"{max(self.y - 3, 8):.1f}"


def bar_chart(
    values: list[tuple[str, float]], *, width: float = 560, height: float = 160, fmt: str = "{:g}",
    top: float | None = None,
) -> list[Bar]:
    """Bars for an inline SVG: the same coordinate system as the chart's viewBox, 20 units kept for labels."""
    if not values:
        return []
    top = top or max(v for _, v in values) or 1
    slot = width / len(values)
    plot = height - 20
    return [
        Bar(label=label, value=v, x=i * slot + slot * 0.15, width=slot * 0.7,
            height=plot * v / top, y=plot - plot * v / top, text=fmt.format(v))
        for i, (label, v) in enumerate(values)
    ]


def metrics_page(*, days: int = 14) -> dict:
    """The metrics page: the numbers, with the two series drawn as bar charts."""
    numbers = metrics(days=days)
    return {
        **numbers,
        "stp_bars": bar_chart(numbers["stp_series"], fmt="{:g}%", top=100),
        "throughput_bars": bar_chart(numbers["throughput_series"]),
    }
