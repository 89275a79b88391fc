"""Synthetic business registration certificates and credit cards with their ground truth (issue 3, items 5 and 6).

`generate()` writes the images (PNG/JPEG, a few PDFs) and `truth.json` into a folder. With the same seed and
options it writes the same bytes.
"""

import datetime as dt
import json
import random
from pathlib import Path

from documents.kinds import Kind
from documents.ocr.local import RESOLUTION_THRESHOLDS, resolution_of

from . import degrade
from .card import random_card, render_card
from .certificate import random_certificate, render_certificate

__all__ = ["CARD_MIN", "CERTIFICATE_MIN", "generate"]

# The engines' "normal" thresholds (long side, short side), which the truth's `resolution` follows.
CERTIFICATE_MIN = RESOLUTION_THRESHOLDS[Kind.BUSINESS_CERTIFICATE]
CARD_MIN = RESOLUTION_THRESHOLDS[Kind.CREDIT_CARD]
PDF_SHARE = 0.15  # certificates written as the tax office's PDF instead of a scan or photo
A4_WIDTH_INCHES = 210 / 25.4


def _picked(*, seed: int, tag: str, count: int, share: float) -> set[int]:
    """Exactly round(count * share) indices, chosen by the seed."""
    wanted = min(count, int(count * max(0.0, share) + 0.5))
    return set(random.Random(f"{seed}:{tag}").sample(range(count), wanted))


def _degrade(image, *, rng: random.Random, low_width: int | None, blur_scale: float) -> tuple:
    """Apply a seeded mix of flaws; returns (image, flaws, jpeg quality or None)."""
    flaws = []
    if rng.random() < 0.35:
        angle = rng.uniform(0.4, 2.0) * rng.choice((-1, 1))
        image = degrade.rotate(image, degrees=angle)
        flaws.append("rotated")
    if rng.random() < 0.25:
        image = degrade.blur(image, radius=rng.uniform(0.7, 1.4) * blur_scale)
        flaws.append("blur")
    if low_width:
        image = degrade.downscale(image, width=low_width)
        flaws.append("low_res")
    if rng.random() < 0.3:
        image = degrade.gaussian_noise(image, sigma=rng.uniform(5, 14), rng=rng)
        flaws.append("noise")
    quality = None
    if rng.random() < 0.35:
        quality = rng.randint(40, 70)
        flaws.append("jpeg")
    return image, flaws, quality


def _certificate(*, seed: int, index: int, low: bool, bad: bool, as_pdf: bool, directory: Path) -> dict:
    content_rng = random.Random(f"{seed}:certificate:{index}:content")
    render_rng = random.Random(f"{seed}:certificate:{index}:render")
    flaw_rng = random.Random(f"{seed}:certificate:{index}:flaws")
    cert = random_certificate(rng=content_rng, bad_check_digit=bad)
    width = render_rng.randint(1300, 1650)
    page = render_certificate(cert, rng=render_rng, width=width)
    flaws = ["bad_check_digit"] if bad else []
    stem = f"cert-{index:03d}"
    if as_pdf:  # the tax office's PDF: clean and full size, never low resolution
        name = f"{stem}.pdf"
        created = dt.datetime.combine(cert.issue_date, dt.time(9, 0)).timetuple()
        (directory / name).write_bytes(degrade.encode_pdf(page, dpi=page.width / A4_WIDTH_INCHES, created=created))
        image, fmt = page, "pdf"
    else:
        low_width = flaw_rng.randint(560, 700) if low else None
        image, more, quality = _degrade(page, rng=flaw_rng, low_width=low_width, blur_scale=width / 1240)
        flaws += more
        fmt = "jpeg" if quality else ("jpeg" if flaw_rng.random() < 0.3 else "png")
        name = f"{stem}.{'jpg' if fmt == 'jpeg' else 'png'}"
        (directory / name).write_bytes(degrade.encode(image, fmt=fmt, quality=quality or 92))
    return _entry(name=name, kind=Kind.BUSINESS_CERTIFICATE, fields=cert.fields, image=image, flaws=flaws, fmt=fmt,
                  layout="corporate" if cert.corporate else "individual")


def _card(*, seed: int, index: int, low: bool, directory: Path) -> dict:
    content_rng = random.Random(f"{seed}:card:{index}:content")
    render_rng = random.Random(f"{seed}:card:{index}:render")
    flaw_rng = random.Random(f"{seed}:card:{index}:flaws")
    card = random_card(rng=content_rng)
    width = render_rng.randint(940, 1100)
    face = render_card(card, rng=render_rng, width=width)
    low_width = flaw_rng.randint(480, 700) if low else None
    image, flaws, quality = _degrade(face, rng=flaw_rng, low_width=low_width, blur_scale=width / 1000)
    flaws = card.flaws + flaws
    fmt = "jpeg" if quality else ("jpeg" if flaw_rng.random() < 0.4 else "png")
    name = f"card-{index:03d}.{'jpg' if fmt == 'jpeg' else 'png'}"
    (directory / name).write_bytes(degrade.encode(image, fmt=fmt, quality=quality or 92))
    return _entry(name=name, kind=Kind.CREDIT_CARD, fields=card.fields, image=image, flaws=flaws, fmt=fmt,
                  layout=card.brand) | {"generation": card.generation}


def _entry(*, name: str, kind: str, fields: dict, image, flaws: list[str], fmt: str, layout: str) -> dict:
    return {
        "file": name,
        "kind": str(kind),
        "fields": fields,
        "resolution": resolution_of(kind=kind, size=image.size),
        "flaws": flaws,
        "width": image.width,
        "height": image.height,
        "format": fmt,
        "layout": layout,
    }


def generate(
    *,
    directory: Path,
    certificates: int,
    cards: int,
    seed: int,
    low_res_share: float = 0.1,
    flaw_share: float = 0.05,
    pdf_share: float = PDF_SHARE,
) -> list[dict]:
    """Write `certificates` + `cards` documents and `truth.json` into `directory`; returns the truth entries."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    low_certs = _picked(seed=seed, tag="certificate:low", count=certificates, share=low_res_share)
    bad_certs = _picked(seed=seed, tag="certificate:bad", count=certificates, share=flaw_share)
    pdf_certs = _picked(seed=seed, tag="certificate:pdf", count=certificates, share=pdf_share)
    low_cards = _picked(seed=seed, tag="card:low", count=cards, share=low_res_share)
    entries = [
        _certificate(seed=seed, index=i, low=i in low_certs, bad=i in bad_certs, as_pdf=i in pdf_certs,
                     directory=directory)
        for i in range(certificates)
    ]
    entries += [_card(seed=seed, index=i, low=i in low_cards, directory=directory) for i in range(cards)]
    text = json.dumps(entries, ensure_ascii=False, indent=1)
    (directory / "truth.json").write_text(text + "\n", encoding="utf-8")
    return entries
