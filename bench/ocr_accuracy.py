#!/usr/bin/env python
"""How well an OCR engine reads a set of documents whose truth is known (issue 3, item 6).

    .venv/bin/python bench/ocr_accuracy.py DIR [--engine local|nhn] [--json] [--limit N] [--no-tesseract]
        [--show-errors]

DIR holds the documents and `truth.json`, a list of {"file", "kind", "fields": {canonical name: value}} (written by
`manage.py make_samples`; the extras `resolution`, `flaws`, `generation` and `capture` are used when present). Each
truth field is compared with the reading's field of the same name after `documents.ocr.fields.normalise`; a missing
field is wrong (and not confident). `business_categories` (every 업태/종목 pair in printed order) is compared with
the reading's `business_type`/`business_item` fields paired by their `index`. Results are also tabled by form
generation and by capture condition. Card numbers are never printed in full.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIDENT = 0.90  # the review threshold (settings.REVIEW_CONFIDENCE_THRESHOLD, read by main())
# Reliability table: the upper edges of the confidence bins (the last bin is ">= 0.95").
RELIABILITY_EDGES = (0.5, 0.7, 0.8, 0.9, 0.95)
# A document with one of these flaws must reach a person whatever the engine reads: it is not clean.
UNCLEAN_FLAWS = {"bad_check_digit", "redacted", "low_res"}
KIND_ORDER = ("business_certificate", "credit_card")
# Table rows: kinds first, then form generations, then capture conditions.
GROUP_ORDER = ("certificate", "card", "2000s", "2018", "current", "front", "back",
               "print", "scan", "pdf_image", "pdf_text", "photo")
SHORT_KIND = {"business_certificate": "certificate", "credit_card": "card"}


def important_fields(kind: str) -> tuple[str, ...]:
    """The fields whose confidence decides whether a document needs a person (the product's defaults): a clean
    document whose important fields are all at the threshold or above can go straight through."""
    from reviews.routing import IMPORTANT_FIELDS

    return tuple(sorted(IMPORTANT_FIELDS.get(kind, ())))


def setup_django() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@dataclass
class FieldStats:
    compared: int = 0
    exact: int = 0
    confident_wrong: int = 0
    missing: int = 0


@dataclass
class Outcome:
    """What happened to one document."""

    file: str
    kind: str
    seconds: float
    error: str = ""
    tesseract_seconds: float | None = None  # the bare command on the same image
    resolution: str = ""
    generation: str = "-"
    capture: str = "-"
    categories: tuple[int, int, bool] | None = None  # (pairs right in place, pairs printed, whole list right)
    fields: dict[str, tuple[bool, float | None]] = field(default_factory=dict)  # name -> (right, confidence|None)
    registration_confidence: float | None = None
    mismatches: list[tuple[str, str, str, float | None]] = field(default_factory=list)
    clean: bool = False  # nothing in the document itself asks for a person (see is_clean)

    @property
    def important_confident(self) -> bool:
        """Every important field of the truth read with confidence >= the threshold: the engine would let the
        document through (routing's other rules, e.g. a random sample, aside)."""
        important = [self.fields[name] for name in important_fields(self.kind) if name in self.fields]
        return bool(important) and all(c is not None and c >= CONFIDENT for _, c in important)

    @property
    def important_wrong(self) -> bool:
        return any(not self.fields[name][0] for name in important_fields(self.kind) if name in self.fields)

    @property
    def would_pass(self) -> bool:
        """Every truth field present with confidence >= 0.90: routing would let it through unreviewed."""
        return bool(self.fields) and all(c is not None and c >= CONFIDENT for _, c in self.fields.values())

    @property
    def all_right(self) -> bool:
        return all(right for right, _ in self.fields.values())

    @property
    def confident_wrong(self) -> int:
        return sum(not right and c is not None and c >= CONFIDENT for right, c in self.fields.values())


@dataclass(frozen=True)
class GroupStats:
    """One row of the per-generation and per-condition tables."""

    documents: int
    fields_compared: int
    fields_exact: int
    all_right: int
    confident_wrong: int
    median_seconds: float

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> GroupStats:
        return cls(
            documents=len(outcomes),
            fields_compared=sum(len(o.fields) for o in outcomes),
            fields_exact=sum(right for o in outcomes for right, _ in o.fields.values()),
            all_right=sum(o.all_right for o in outcomes),
            confident_wrong=sum(o.confident_wrong for o in outcomes),
            median_seconds=statistics.median(o.seconds for o in outcomes),
        )

    @property
    def accuracy(self) -> float | None:
        return self.fields_exact / self.fields_compared if self.fields_compared else None

    def as_json(self) -> dict:
        return {"documents": self.documents, "field_accuracy": _round(self.accuracy), "all_right": self.all_right,
                "confident_wrong": self.confident_wrong, "median_seconds": _round(self.median_seconds)}


def bin_label(index: int) -> str:
    edges = RELIABILITY_EDGES
    if index == 0:
        return f"<{edges[0]:g}"
    if index == len(edges):
        return f">={edges[-1]:g}"
    return f"{edges[index - 1]:g}-{edges[index]:g}"


def bin_of(confidence: float) -> int:
    return next((i for i, edge in enumerate(RELIABILITY_EDGES) if confidence < edge), len(RELIABILITY_EDGES))


@dataclass
class Reliability:
    """How often a field's readings are wrong at each level of confidence (a missing field is not a reading)."""

    bins: list[list[int]] = field(default_factory=lambda: [[0, 0] for _ in range(len(RELIABILITY_EDGES) + 1)])
    confident: int = 0  # readings at the threshold or above
    confident_wrong: int = 0

    def add(self, *, right: bool, confidence: float) -> None:
        cell = self.bins[bin_of(confidence)]
        cell[0] += 1
        cell[1] += not right
        if confidence >= CONFIDENT:
            self.confident += 1
            self.confident_wrong += not right

    @property
    def confident_error_rate(self) -> float | None:
        return self.confident_wrong / self.confident if self.confident else None

    def as_json(self) -> dict:
        return {"bins": {bin_label(i): {"readings": n, "wrong": w} for i, (n, w) in enumerate(self.bins)},
                "at_threshold": {"readings": self.confident, "wrong": self.confident_wrong,
                                 "error_rate": _round(self.confident_error_rate)}}


@dataclass(frozen=True)
class StraightThrough:
    """Clean documents whose important fields are all at the threshold or above: the most the engine lets through."""

    clean: int
    confident: int
    wrong: int  # of those, with a wrong important field

    @property
    def rate(self) -> float | None:
        return self.confident / self.clean if self.clean else None

    def as_json(self) -> dict:
        return {"clean": self.clean, "important_confident": self.confident, "with_wrong_important_field": self.wrong,
                "rate": _round(self.rate)}


@dataclass
class Report:
    outcomes: list[Outcome]

    @property
    def tesseract_seconds(self) -> list[float]:
        return [o.tesseract_seconds for o in self.outcomes if o.tesseract_seconds is not None]

    def speed(self, kind: str) -> dict[str, float | None]:
        """The kind's median seconds per document, the bare command's on the same images, and their ratio: the
        engine's overhead is judged kind by kind (the median of a mixed set falls between a card and a page)."""
        outcomes = self.by_kind().get(kind, [])
        engine = statistics.median(o.seconds for o in outcomes) if outcomes else None
        bare = [o.tesseract_seconds for o in outcomes if o.tesseract_seconds is not None]
        tesseract = statistics.median(bare) if bare else None
        ratio = engine / tesseract if engine is not None and tesseract else None
        return {"engine": _round(engine), "tesseract": _round(tesseract), "ratio": _round(ratio)}

    def by_kind(self) -> dict[str, list[Outcome]]:
        grouped: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            grouped[outcome.kind].append(outcome)
        return dict(sorted(grouped.items(), key=lambda kv: (KIND_ORDER + (kv[0],)).index(kv[0])))

    def field_stats(self, kind: str) -> dict[str, FieldStats]:
        stats: dict[str, FieldStats] = {}
        for outcome in self.by_kind().get(kind, []):
            for name, (right, confidence) in outcome.fields.items():
                s = stats.setdefault(name, FieldStats())
                s.compared += 1
                s.exact += right
                s.missing += confidence is None
                s.confident_wrong += (not right) and confidence is not None and confidence >= CONFIDENT
        return stats

    def reliability(self, kind: str) -> dict[str, Reliability]:
        table: dict[str, Reliability] = {}
        for outcome in self.by_kind().get(kind, []):
            for name, (right, confidence) in outcome.fields.items():
                if confidence is not None:
                    table.setdefault(name, Reliability()).add(right=right, confidence=confidence)
        return table

    def straight_through(self, kind: str) -> StraightThrough:
        clean = [o for o in self.by_kind().get(kind, []) if o.clean]
        confident = [o for o in clean if o.important_confident]
        return StraightThrough(clean=len(clean), confident=len(confident),
                               wrong=sum(o.important_wrong for o in confident))

    def accuracy(self, kind: str) -> float | None:
        stats = self.field_stats(kind).values()
        compared = sum(s.compared for s in stats)
        return sum(s.exact for s in stats) / compared if compared else None

    def grouped(self, key: Callable[[Outcome], str]) -> dict[str, GroupStats]:
        """Rows keyed by `key(outcome)`, in the order of GROUP_ORDER (kinds first), unknown labels last."""
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            groups[key(outcome)].append(outcome)

        def order(label: str) -> tuple:
            rank = [GROUP_ORDER.index(part) if part in GROUP_ORDER else len(GROUP_ORDER) for part in label.split(" ")]
            return tuple(rank), label

        return {label: GroupStats.of(groups[label]) for label in sorted(groups, key=order)}

    def by_generation(self) -> dict[str, GroupStats]:
        return self.grouped(lambda o: o.generation)

    def by_capture(self) -> dict[str, GroupStats]:
        return self.grouped(lambda o: f"{SHORT_KIND.get(o.kind, o.kind)} {o.capture}")

    def category_accuracy(self) -> float | None:
        """Share of certificates whose reading has every 업태/종목 pair, in order, and nothing else."""
        compared = [o.categories for o in self.outcomes if o.categories is not None]
        return sum(whole for _, _, whole in compared) / len(compared) if compared else None

    def confident_wrong_rate(self) -> float | None:
        stats = [s for kind in self.by_kind() for s in self.field_stats(kind).values()]
        compared = sum(s.compared for s in stats)
        return sum(s.confident_wrong for s in stats) / compared if compared else None

    def summary(self) -> dict:
        return {
            "certificate_field_accuracy": _round(self.accuracy("business_certificate")),
            "card_field_accuracy": _round(self.accuracy("credit_card")),
            "confident_wrong_rate": _round(self.confident_wrong_rate()),
            "documents": len(self.outcomes),
            "median_seconds": _round(statistics.median(o.seconds for o in self.outcomes) if self.outcomes else None),
            "tesseract_median_seconds": _round(
                statistics.median(self.tesseract_seconds) if self.tesseract_seconds else None
            ),
            "median_seconds_by_kind": {SHORT_KIND.get(kind, kind): self.speed(kind) for kind in self.by_kind()},
            "category_accuracy": _round(self.category_accuracy()),
            "by_generation": {label: row.as_json() for label, row in self.by_generation().items()},
            "by_capture": {label: row.as_json() for label, row in self.by_capture().items()},
            "threshold": CONFIDENT,
            "reliability": {SHORT_KIND.get(kind, kind): {name: row.as_json() for name, row in
                                                         self.reliability(kind).items()} for kind in self.by_kind()},
            "straight_through": {SHORT_KIND.get(kind, kind): self.straight_through(kind).as_json()
                                 for kind in self.by_kind()},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def load_truth(directory: Path, *, limit: int | None = None) -> list[dict]:
    """The truth entries; with `limit`, the first N taken in turn from each kind, so a short run sees both."""
    entries = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    if not limit:
        return entries
    queues: dict[str, list[dict]] = defaultdict(list)
    for entry in entries:
        queues[entry["kind"]].append(entry)
    picked: list[dict] = []
    while len(picked) < limit and any(queues.values()):
        for queue in queues.values():
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked


def is_clean(entry: dict) -> bool:
    """Nothing in the document asks for a person: normal resolution, no wrong check digit or Luhn, no redaction, and
    for a card an expiry not in the past. Without `flaws`/`resolution` in the truth, every document is clean."""
    from documents import validation

    if entry.get("resolution") == "low" or UNCLEAN_FLAWS & set(entry.get("flaws", ())):
        return False
    expiry = entry["fields"].get("valid_thru")
    return not (expiry and validation.valid_thru_is_past(str(expiry)))


def categories_read(reading) -> list[tuple[str, str]]:
    """The reading's 업태/종목 pairs in order: fields with the same `index` form a pair. An engine that does not
    number repeated fields yet (every `index` 0) is taken in reading order: the n-th type pairs with the n-th item."""
    from documents.ocr.fields import normalise

    rows: dict[int, dict[str, str]] = defaultdict(dict)
    for name in ("business_type", "business_item"):
        found = [f for f in reading.fields if f.name == name]
        indexes = [getattr(f, "index", 0) for f in found]
        if len(set(indexes)) < len(indexes):
            indexes = list(range(len(found)))
        for index, f in zip(indexes, found, strict=True):
            rows[index][name] = normalise(name, f.value)
    return [(rows[i].get("business_type", ""), rows[i].get("business_item", "")) for i in sorted(rows)]


def _compare_categories(truth: list, reading) -> tuple[int, int, bool]:
    from documents.ocr.fields import normalise

    expected = [(normalise("business_type", kind), normalise("business_item", item)) for kind, item in truth]
    got = categories_read(reading) if reading is not None else []
    in_place = sum(a == b for a, b in zip(expected, got, strict=False))
    return in_place, len(expected), got == expected


def read_one(*, engine, entry: dict, directory: Path) -> Outcome:
    from documents.ocr import OcrError
    from documents.ocr.fields import normalise

    path = directory / entry["file"]
    content = path.read_bytes()
    started = time.perf_counter()
    try:
        reading = engine.read(kind=entry["kind"], content=content, filename=path.name)
        error = ""
    except OcrError as exc:
        reading, error = None, f"{type(exc).__name__}: {exc.code or exc.message}"
    outcome = Outcome(file=entry["file"], kind=entry["kind"], seconds=time.perf_counter() - started, error=error,
                      generation=entry.get("generation", "-"), capture=entry.get("capture", "-"),
                      clean=is_clean(entry))
    if reading is not None:
        outcome.resolution = reading.resolution
    for name, value in entry["fields"].items():
        if name == "business_categories":
            outcome.categories = _compare_categories(value, reading)
            continue
        if value in (None, ""):
            continue
        got = reading.get(name) if reading is not None else None
        expected = normalise(name, str(value))
        if got is None:
            outcome.fields[name] = (False, None)
            outcome.mismatches.append((name, expected, "", None))
            continue
        right = normalise(name, got.value) == expected
        outcome.fields[name] = (right, got.confidence)
        if not right:
            outcome.mismatches.append((name, expected, normalise(name, got.value), got.confidence))
    if reading is not None and reading.get("registration_number") is not None:
        outcome.registration_confidence = reading.get("registration_number").confidence
    return outcome


def tesseract_image(path: Path, workdir: Path) -> Path:
    """What the bare command is timed on: the file itself, or page 1 rendered to PNG for a PDF (done untimed)."""
    if path.suffix.lower() != ".pdf" and not path.read_bytes()[:5] == b"%PDF-":
        return path
    from documents import pdf

    image, _size = pdf.render_page(path.read_bytes(), dpi=200)
    out = workdir / f"{path.stem}.png"
    image.save(out)
    return out


def time_tesseract(image: Path, *, kind: str) -> float:
    """The bare command in the language the embedded engine reads that kind in (Korean certificates, English cards)."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    lang = "eng" if kind == "credit_card" else "kor"
    started = time.perf_counter()
    subprocess.run(["tesseract", str(image), "stdout", "-l", lang], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def evaluate(*, directory: Path, engine, limit: int | None = None, tesseract: bool = True,
             progress=None) -> Report:
    directory = Path(directory)
    entries = load_truth(directory, limit=limit)
    outcomes = []
    with tempfile.TemporaryDirectory() as workdir:
        for i, entry in enumerate(entries, 1):
            outcome = read_one(engine=engine, entry=entry, directory=directory)
            if tesseract:
                outcome.tesseract_seconds = time_tesseract(tesseract_image(directory / entry["file"], Path(workdir)),
                                                           kind=entry["kind"])
            outcomes.append(outcome)
            if progress:
                progress(i, len(entries), outcome)
    return Report(outcomes=outcomes)


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def render_text(report: Report, *, truth: list[dict], show_errors: bool = False) -> str:
    from documents.cards import mask

    flags = {entry["file"]: entry for entry in truth}
    lines = []
    for kind, outcomes in report.by_kind().items():
        lines.append(f"\n== {kind}: {len(outcomes)} documents")
        lines.append(f"{'field':22} {'exact':>16} {'wrong>=0.90':>12} {'missing':>8}")
        for name, s in report.field_stats(kind).items():
            lines.append(f"{name:22} {_pct(s.exact, s.compared):>16} {s.confident_wrong:>12} {s.missing:>8}")
        total = report.accuracy(kind)
        lines.append(f"{'all fields':22} {'' if total is None else f'{100 * total:.1f}%':>16}")
        passing = [o for o in outcomes if o.would_pass]
        wrong_passing = sum(not o.all_right for o in passing)
        lines.append(f"would pass (every truth field present, conf >= {CONFIDENT}): {_pct(len(passing), len(outcomes))}"
                     f", of which with a wrong value: {wrong_passing}")
        lines += _reliability_table(report.reliability(kind))
        ceiling = report.straight_through(kind)
        lines.append(f"straight-through ceiling: clean documents with every important field at >= {CONFIDENT} "
                     f"{_pct(ceiling.confident, ceiling.clean)}, of which with a wrong important field: {ceiling.wrong}"
                     f" (important: {', '.join(important_fields(kind))})")
        errors = [o for o in outcomes if o.error]
        if errors:
            lines.append(f"engine errors: {len(errors)} ({', '.join(sorted({o.error for o in errors}))})")
        speed = report.speed(kind)
        bare = f" (bare tesseract {speed['tesseract']:.3f}, {speed['ratio']:.2f}x)" if speed["tesseract"] else ""
        lines.append(f"median seconds per document: {speed['engine']:.3f}{bare}")
        if show_errors:
            for o in outcomes:
                for name, expected, got, confidence in o.mismatches:
                    if name == "card_number":
                        expected, got = mask(expected), mask(got)
                    conf = "missing" if confidence is None else f"{confidence:.2f}"
                    lines.append(f"  {o.file}: {name}: expected {expected!r}, read {got!r} ({conf})")

    low = [o for o in report.outcomes if flags.get(o.file, {}).get("resolution") == "low"]
    if low:
        lines.append(f"\nlow-resolution images reported low: {_pct(sum(o.resolution == 'low' for o in low), len(low))}")
    normal = [o for o in report.outcomes if flags.get(o.file, {}).get("resolution") == "normal"]
    if normal:
        right = sum(o.resolution == "normal" for o in normal)
        lines.append(f"normal images reported normal: {_pct(right, len(normal))}")
    bad = [o for o in report.outcomes if "bad_check_digit" in flags.get(o.file, {}).get("flaws", [])]
    if bad:
        caught = sum(o.registration_confidence is None or o.registration_confidence < CONFIDENT for o in bad)
        lines.append(f"bad check digits given confidence < {CONFIDENT}: {_pct(caught, len(bad))}")
    lines += _group_table("generation", report.by_generation())
    lines += _group_table("capture", report.by_capture())
    compared = [o.categories for o in report.outcomes if o.categories is not None]
    if compared:
        whole = sum(w for _, _, w in compared)
        pairs = _pct(sum(r for r, _, _ in compared), sum(n for _, n, _ in compared))
        lines.append(f"\nbusiness categories (every 업태/종목 pair, in order): {_pct(whole, len(compared))} "
                     f"certificates, pairs right in place {pairs}")
        if show_errors:
            for o in report.outcomes:
                if o.categories is not None and not o.categories[2]:
                    lines.append(f"  {o.file}: {o.categories[0]} of {o.categories[1]} pairs right in place")
    summary = report.summary()
    rate = summary["confident_wrong_rate"]
    lines.append(f"\nconfident wrong fields (conf >= {CONFIDENT}): {'n/a' if rate is None else f'{100 * rate:.1f}%'}")
    tess = summary["tesseract_median_seconds"]
    lines.append(f"median seconds per document: engine {summary['median_seconds']}, bare tesseract "
                 f"(OMP_THREAD_LIMIT=1) {'not measured' if tess is None else tess}")
    return "\n".join(lines)


def _reliability_table(table: dict[str, Reliability]) -> list[str]:
    """Per field: readings in each confidence bin as `readings/wrong`, then the readings at the threshold or above
    and the share of them that is wrong."""
    labels = [bin_label(i) for i in range(len(RELIABILITY_EDGES) + 1)]
    lines = ["", "reliability (readings/wrong per confidence bin; missing fields left out)",
             f"{'field':22}" + "".join(f"{label:>10}" for label in labels) + f"  {'>=' + format(CONFIDENT, 'g'):>7}"
             f" {'wrong':>6} {'error':>6}"]
    for name, row in table.items():
        rate = row.confident_error_rate
        cells = "".join(f"{f'{n}/{w}' if n else '-':>10}" for n, w in row.bins)
        lines.append(f"{name:22}{cells}  {row.confident:>7} {row.confident_wrong:>6} "
                     f"{'-' if rate is None else f'{100 * rate:.1f}%':>6}")
    return lines


def _group_table(title: str, rows: dict[str, GroupStats]) -> list[str]:
    if set(rows) <= {"-"} or all(label.endswith(" -") for label in rows):
        return []  # a set without generation/capture tags
    lines = [f"\n== by {title}", f"{title:22} {'docs':>5} {'fields exact':>18} {'all right':>14} "
                                  f"{'wrong>=0.90':>12} {'median s':>9}"]
    for label, row in rows.items():
        accuracy = "n/a" if row.accuracy is None else (
            f"{row.fields_exact}/{row.fields_compared} ({100 * row.accuracy:.1f}%)")
        lines.append(f"{label:22} {row.documents:>5} {accuracy:>18} {_pct(row.all_right, row.documents):>14} "
                     f"{row.confident_wrong:>12} {row.median_seconds:>9.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--engine", choices=("local", "nhn"), default=None, help="default: the OCR_ENGINE setting")
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents (alternating kinds)")
    parser.add_argument("--no-tesseract", action="store_true", help="skip timing the bare tesseract command")
    parser.add_argument("--show-errors", action="store_true", help="list every wrong field (card numbers masked)")
    args = parser.parse_args(argv)
    if not (args.directory / "truth.json").is_file():
        parser.error(f"{args.directory / 'truth.json'} not found")

    setup_django()
    from django.conf import settings

    from documents.ocr import get_engine

    global CONFIDENT
    CONFIDENT = float(settings.REVIEW_CONFIDENCE_THRESHOLD)

    engine = get_engine(args.engine)
    truth = load_truth(args.directory, limit=args.limit)

    def progress(i: int, total: int, outcome: Outcome) -> None:
        print(f"\r{i}/{total} {outcome.file} {outcome.seconds:.2f}s", end="", file=sys.stderr, flush=True)

    report = evaluate(directory=args.directory, engine=engine, limit=args.limit, tesseract=not args.no_tesseract,
                      progress=progress if sys.stderr.isatty() else None)
    print(f"engine: {getattr(engine, 'name', args.engine)}, set: {args.directory}")
    print(render_text(report, truth=truth, show_errors=args.show_errors))
    if args.json:
        print(json.dumps(report.summary()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
