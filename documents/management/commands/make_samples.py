import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.samples import CERTIFICATE_CONDITIONS, GENERATION_WEIGHTS, REDACTION_SHARE, fonts, generate


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


def _mix(known: dict[str, float]):
    """`print,scan` (the default weights of those) or `print=2,scan=1` -> {label: weight}."""

    def parse(text: str) -> dict[str, float]:
        mix = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            label, _, weight = part.partition("=")
            if label not in known:
                raise ValueError(f"{label!r} is not one of {', '.join(known)}")
            mix[label] = float(weight) if weight else known[label]
            if mix[label] < 0:
                raise ValueError(part)
        if not mix or not sum(mix.values()):
            raise ValueError(text)
        return mix

    parse.__name__ = "mix"  # argparse names the type in its error message
    return parse


class Command(BaseCommand):
    help = (
        "Render synthetic business registration certificates and credit cards (prints, scans, phone photos, "
        "image-only and text-layer PDFs) with their ground truth in DIR/truth.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--certificates", type=int, default=10)
        parser.add_argument("--cards", type=int, default=10)
        parser.add_argument("--seed", type=int, default=None, help="same seed, same bytes (default: a random seed)")
        parser.add_argument("--low-res-share", type=_share, default=0.1, help="share of low-resolution images")
        parser.add_argument("--flaw-share", type=_share, default=0.05,
                            help="share of certificates printed with a wrong check digit")
        parser.add_argument("--redaction-share", type=_share, default=REDACTION_SHARE,
                            help="share of certificates with a field under a grey box")
        parser.add_argument("--conditions", type=_mix(CERTIFICATE_CONDITIONS), default=None,
                            help="capture conditions, e.g. print,scan or photo=2,pdf_text=1 "
                                 f"(default: {_described(CERTIFICATE_CONDITIONS)})")
        parser.add_argument("--generations", type=_mix(GENERATION_WEIGHTS), default=None,
                            help=f"certificate form generations (default: {_described(GENERATION_WEIGHTS)})")
        parser.add_argument("--faces", choices=tuple(fonts.FACES), default="tuning",
                            help="typefaces: the ones the engine is tuned on, or held-out ones it has never "
                                 "seen (certificates: look-alikes of Dotum, Batang and Gulim, their businesses "
                                 "anywhere in the country; cards: other sans and monospace digits) (default: tuning)")

    def handle(self, *args, directory: Path, certificates: int, cards: int, seed: int | None, low_res_share: float,
               flaw_share: float, redaction_share: float, conditions: dict | None, generations: dict | None,
               faces: str, **options):
        if certificates < 0 or cards < 0:
            raise CommandError("--certificates and --cards must not be negative")
        seed = random.SystemRandom().randrange(1 << 31) if seed is None else seed
        started = time.perf_counter()
        entries = generate(directory=directory, certificates=certificates, cards=cards, seed=seed,
                           low_res_share=low_res_share, flaw_share=flaw_share, redaction_share=redaction_share,
                           conditions=conditions, generations=generations, faces=faces)
        low = sum(e["resolution"] == "low" for e in entries)
        self.stdout.write(
            f"Wrote {len(entries)} documents ({certificates} certificates, {cards} cards, {low} low-resolution) "
            f"and truth.json to {directory} in {time.perf_counter() - started:.1f} s (seed {seed})."
        )


def _described(weights: dict[str, float]) -> str:
    return ",".join(f"{label}={weight:g}" for label, weight in weights.items())
