"""Synthetic business registration certificates and credit cards with their ground truth (issue 3, items 5 and 6;
issue 9, item 7: documents that look like the ones people send).

`generate()` writes the documents (PNG/JPEG photos and scans, image-only and text-layer PDFs) and `truth.json` into
a folder. With the same seed and options it writes the same bytes.
"""

import datetime as dt
import json
import random
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from documents.kinds import Kind
from documents.ocr.base import RESOLUTION_THRESHOLDS, resolution_of

from . import capture, fonts, sheet
from .card import random_card, render_card, stacked_variant
from .certificate import GENERATION_WEIGHTS, PDF_FAMILIES, lay_out, random_certificate

__all__ = ["CARD_CONDITIONS", "CARD_MIN", "CERTIFICATE_CONDITIONS", "CERTIFICATE_MIN", "GENERATION_WEIGHTS",
           "REDACTION_SHARE", "generate"]

# The engines' "normal" thresholds (long side, short side), which the truth's `resolution` follows.
CERTIFICATE_MIN = RESOLUTION_THRESHOLDS[Kind.BUSINESS_CERTIFICATE]
CARD_MIN = RESOLUTION_THRESHOLDS[Kind.CREDIT_CARD]
# How certificates arrive (issue 9): Hometax prints and office scans most, phone photos often, PDFs of both kinds.
CERTIFICATE_CONDITIONS = {"print": 0.3, "scan": 0.25, "photo": 0.2, "pdf_text": 0.15, "pdf_image": 0.1}
# Cards arrive as images only: pictures found online (often thumbnails), scans, phone photos.
CARD_CONDITIONS = {"print": 0.4, "scan": 0.2, "photo": 0.4}
REDACTION_SHARE = 0.1
DIGITAL_CONDITIONS = ("print", "pdf_text")  # made by Hometax today, so always a form it still issues


def _picked(*, seed: int, tag: str, count: int, share: float) -> set[int]:
    """Exactly round(count * share) indices, chosen by the seed."""
    wanted = min(count, int(count * max(0.0, share) + 0.5))
    return set(random.Random(f"{seed}:{tag}").sample(range(count), wanted))


def _dealt(*, seed: int, tag: str, count: int, weights: Mapping[str, float]) -> list[str]:
    """`count` labels in the proportions of `weights` (largest remainder, so every label with a fair share
    appears), in a seeded order."""
    total = sum(weights.values())
    exact = {label: count * weight / total for label, weight in weights.items()}
    counts = {label: int(share) for label, share in exact.items()}
    short = count - sum(counts.values())
    for label in sorted(exact, key=lambda label: exact[label] - counts[label], reverse=True)[:short]:
        counts[label] += 1
    labels = [label for label, n in counts.items() for _ in range(n)]
    random.Random(f"{seed}:{tag}").shuffle(labels)
    return labels


def _paper_only_for_old_forms(conditions: list[str], generations: list[str]) -> list[str]:
    """A 2000s certificate exists only on paper: Hometax prints and saves today's form, so it cannot arrive as a
    print-to-image or a text-layer PDF. Swap such a pairing with a newer form's paper capture where there is one
    (the mix keeps its counts); a mix that leaves none keeps what was asked."""
    conditions = list(conditions)
    for i, generation in enumerate(generations):
        if generation != "2000s" or conditions[i] not in DIGITAL_CONDITIONS:
            continue
        partner = next((j for j, other in enumerate(generations)
                        if other != "2000s" and conditions[j] not in DIGITAL_CONDITIONS), None)
        if partner is not None:
            conditions[i], conditions[partner] = conditions[partner], conditions[i]
    return conditions


def _certificate(*, seed: int, index: int, generation: str, condition: str, low: bool, bad: bool, redact: bool,
                 faces: str, directory: Path) -> dict:
    content_rng = random.Random(f"{seed}:certificate:{index}:content")
    layout_rng = random.Random(f"{seed}:certificate:{index}:render")
    capture_rng = random.Random(f"{seed}:certificate:{index}:flaws")
    # a held-out set's businesses are anywhere in the country, from a generator of their own: the rest of each
    # certificate stays the tuning set's
    elsewhere = random.Random(f"{seed}:certificate:{index}:place") if faces == "held-out" else None
    cert = random_certificate(rng=content_rng, bad_check_digit=bad, generation=generation, redact=redact,
                              elsewhere=elsewhere)
    text_layer = condition == "pdf_text"
    page, flaws = lay_out(cert, rng=layout_rng, families=PDF_FAMILIES if text_layer else fonts.FACES[faces])
    flaws += ["bad_check_digit"] if bad else []
    stem = f"cert-{index:03d}"
    if text_layer:
        created = dt.datetime.combine(cert.issue_date, dt.time(9, 0))
        content = sheet.pdf(page, created=created, title="사업자등록증")
        name, fmt, size = f"{stem}.pdf", "pdf", (round(page.width), round(page.height))
    else:
        # how the scanner left the page, from a generator of its own: every other document of a seed stays as it was
        turn = capture.scanner_turn(random.Random(f"{seed}:certificate:{index}:turn")) if condition in (
            "scan", "pdf_image") else None
        shot = capture.certificate(page, condition=condition, rng=capture_rng, low=low, turn=turn,
                                   created=dt.datetime.combine(cert.issue_date, dt.time(9, 0)))
        flaws += shot.flaws
        content, fmt, size = shot.content, shot.format, shot.size
        name = f"{stem}.{ {'jpeg': 'jpg', 'png': 'png', 'pdf': 'pdf'}[fmt] }"
    (directory / name).write_bytes(content)
    return _entry(name=name, kind=Kind.BUSINESS_CERTIFICATE, fields=cert.fields, size=size, flaws=flaws, fmt=fmt,
                  layout="corporate" if cert.corporate else "individual", generation=generation, condition=condition)


def _card(*, seed: int, index: int, condition: str, low: bool, directory: Path, faces: str = "tuning") -> dict:
    content_rng = random.Random(f"{seed}:card:{index}:content")
    render_rng = random.Random(f"{seed}:card:{index}:render")
    capture_rng = random.Random(f"{seed}:card:{index}:flaws")
    card = random_card(rng=content_rng)
    # the stacked layout from a generator of its own: every other card of a seed is as before
    card = stacked_variant(card, rng=random.Random(f"{seed}:card:{index}:stacked"))
    card = replace(card, faces=faces)  # the same card, its digits in the faces asked for
    face = render_card(card, rng=render_rng, width=render_rng.randint(940, 1100))
    shot = capture.card(face, condition=condition, rng=capture_rng, low=low)
    name = f"card-{index:03d}.{'jpg' if shot.format == 'jpeg' else 'png'}"
    (directory / name).write_bytes(shot.content)
    return _entry(name=name, kind=Kind.CREDIT_CARD, fields=card.fields, size=shot.size, flaws=card.flaws + shot.flaws,
                  fmt=shot.format, layout=card.brand, generation=card.generation, condition=condition)


def _entry(*, name: str, kind: str, fields: dict, size: tuple[int, int], flaws: list[str], fmt: str, layout: str,
           generation: str, condition: str) -> dict:
    return {
        "file": name,
        "kind": str(kind),
        "fields": fields,
        # a PDF is a vector page or a full-page scan: the engines call it normal whatever its pixels
        "resolution": "normal" if fmt == "pdf" else resolution_of(kind=kind, size=size),
        "flaws": flaws,
        "width": size[0],  # as stored; a photo with an EXIF orientation shows turned
        "height": size[1],
        "format": fmt,
        "layout": layout,
        "generation": generation,
        "capture": condition,
    }


def generate(
    *,
    directory: Path,
    certificates: int,
    cards: int,
    seed: int,
    low_res_share: float = 0.1,
    flaw_share: float = 0.05,
    redaction_share: float = REDACTION_SHARE,
    conditions: Mapping[str, float] | None = None,
    generations: Mapping[str, float] | None = None,
    faces: str = "tuning",
) -> list[dict]:
    """Write `certificates` + `cards` documents and `truth.json` into `directory`; returns the truth entries.

    `conditions` and `generations` weigh the capture conditions and form generations (default: the realistic
    mix). Cards take the image conditions among `conditions` (print, scan, photo), or their own mix if none.
    `faces` picks the typefaces (fonts.FACES for certificates, fonts.CARD_FACES for cards' digits): the ones the
    engine is tuned on, or the held-out ones (a text-layer PDF embeds the tuning faces either way).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    card_conditions = {c: w for c, w in (conditions or {}).items() if c in CARD_CONDITIONS} or CARD_CONDITIONS
    conditions = conditions or CERTIFICATE_CONDITIONS
    cert_generations = _dealt(seed=seed, tag="certificate:generation", count=certificates,
                              weights=generations or GENERATION_WEIGHTS)
    cert_conditions = _paper_only_for_old_forms(
        _dealt(seed=seed, tag="certificate:capture", count=certificates, weights=conditions), cert_generations
    )
    images = [i for i in range(certificates) if not cert_conditions[i].startswith("pdf")]
    low_certs = {images[i] for i in _picked(seed=seed, tag="certificate:low", count=len(images), share=low_res_share)}
    bad_certs = _picked(seed=seed, tag="certificate:bad", count=certificates, share=flaw_share)
    redacted = _picked(seed=seed, tag="certificate:redacted", count=certificates, share=redaction_share)
    entries = [
        _certificate(seed=seed, index=i, generation=cert_generations[i], condition=cert_conditions[i],
                     low=i in low_certs, bad=i in bad_certs, redact=i in redacted, faces=faces, directory=directory)
        for i in range(certificates)
    ]
    card_captures = _dealt(seed=seed, tag="card:capture", count=cards, weights=card_conditions)
    low_cards = _picked(seed=seed, tag="card:low", count=cards, share=low_res_share)
    entries += [_card(seed=seed, index=i, condition=card_captures[i], low=i in low_cards, directory=directory,
                      faces=faces) for i in range(cards)]
    text = json.dumps(entries, ensure_ascii=False, indent=1)
    (directory / "truth.json").write_text(text + "\n", encoding="utf-8")
    return entries

