import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.samples import generate


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Render synthetic business registration certificates and credit cards (PNG/JPEG/PDF) "
        "with their ground truth in DIR/truth.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--certificates", type=int, default=10)
        parser.add_argument("--cards", type=int, default=10)
        parser.add_argument("--seed", type=int, default=None, help="same seed, same bytes (default: a random seed)")
        parser.add_argument("--low-res-share", type=_share, default=0.1, help="share of low-resolution images")
        parser.add_argument("--flaw-share", type=_share, default=0.05,
                            help="share of certificates printed with a wrong check digit")
        parser.add_argument("--pdf-share", type=_share, default=0.15, help="share of certificates written as PDF")

    def handle(self, *args, directory: Path, certificates: int, cards: int, seed: int | None, low_res_share: float,
               flaw_share: float, pdf_share: float, **options):
        if certificates < 0 or cards < 0:
            raise CommandError("--certificates and --cards must not be negative")
        seed = random.SystemRandom().randrange(1 << 31) if seed is None else seed
        started = time.perf_counter()
        entries = generate(directory=directory, certificates=certificates, cards=cards, seed=seed,
                           low_res_share=low_res_share, flaw_share=flaw_share, pdf_share=pdf_share)
        low = sum(e["resolution"] == "low" for e in entries)
        self.stdout.write(
            f"Wrote {len(entries)} documents ({certificates} certificates, {cards} cards, {low} low-resolution) "
            f"and truth.json to {directory} in {time.perf_counter() - started:.1f} s (seed {seed})."
        )
