"""Fonts for the sample documents: fonts-nanum for Korean, DejaVu/Liberation for the Latin card faces."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

NANUM_DIR = Path("/usr/share/fonts/truetype/nanum")
UNFONTS_DIR = Path("/usr/share/fonts/truetype/unfonts-core")
BAEKMUK_DIR = Path("/usr/share/fonts/truetype/baekmuk")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation")

# (regular, bold) pairs; each certificate picks one family.
CERTIFICATE_FAMILIES = (
    ("NanumGothic.ttf", "NanumGothicBold.ttf"),
    ("NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf"),
    ("NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf"),
    ("NanumSquareR.ttf", "NanumSquareB.ttf"),
)
# Faces the engine was never tuned on (`make_samples --faces held-out`): open look-alikes of the Dotum, Batang and
# Gulim faces government forms are printed in. Their hyphens are short and thin and their spaces between digits
# narrow, unlike Nanum's; a reading measured only on the tuning faces says little about a certificate in another.
HELD_OUT_FAMILIES = (
    (UNFONTS_DIR / "UnDotum.ttf", UNFONTS_DIR / "UnDotumBold.ttf"),
    (UNFONTS_DIR / "UnBatang.ttf", UNFONTS_DIR / "UnBatangBold.ttf"),
    (BAEKMUK_DIR / "gulim.ttf", BAEKMUK_DIR / "dotum.ttf"),  # Baekmuk has no bold: its Dotum serves for the title
    (BAEKMUK_DIR / "batang.ttf", BAEKMUK_DIR / "dotum.ttf"),
)
FACES = {"tuning": CERTIFICATE_FAMILIES, "held-out": HELD_OUT_FAMILIES}
CARD_NUMBER_FONTS = (
    DEJAVU_DIR / "DejaVuSansMono-Bold.ttf",
    DEJAVU_DIR / "DejaVuSans-Bold.ttf",
    LIBERATION_DIR / "LiberationSans-Bold.ttf",
    NANUM_DIR / "NanumGothicCodingBold.ttf",
    NANUM_DIR / "NanumSquareB.ttf",
)
# Digits printed or embossed on cards, and their held-out look-alikes: the card reader's digit templates are cut
# from the tuning faces' fonts (DejaVu Sans Mono Bold stands for the Farrington embossing), so a card in those is
# read in the very shapes it was printed in; the held-out faces are other sans and monospace digits. OCR-A is a
# standard face, printed alike on every card that uses it, and is the same in both.
@dataclass(frozen=True)
class CardFaces:
    numbers: tuple[Path, ...]  # printed digits, one picked per card (both sets as long: the same picks follow)
    embossing: Path  # raised digits: a monospace like the Farrington 7B of embossed cards


CARD_FACES = {
    "tuning": CardFaces(numbers=CARD_NUMBER_FONTS, embossing=DEJAVU_DIR / "DejaVuSansMono-Bold.ttf"),
    "held-out": CardFaces(
        numbers=(
            DEJAVU_DIR / "DejaVuSansCondensed-Bold.ttf",
            LIBERATION_DIR / "LiberationSansNarrow-Bold.ttf",
            NANUM_DIR / "NanumSquareRoundB.ttf",
            UNFONTS_DIR / "UnDotumBold.ttf",
            NANUM_DIR / "NanumBarunGothicBold.ttf",
        ),
        embossing=LIBERATION_DIR / "LiberationMono-Bold.ttf",
    ),
}
CARD_TEXT_FONTS = (
    DEJAVU_DIR / "DejaVuSans.ttf",
    LIBERATION_DIR / "LiberationSans-Regular.ttf",
    NANUM_DIR / "NanumGothic.ttf",
)
CARD_BOLD_FONT = DEJAVU_DIR / "DejaVuSans-Bold.ttf"


def font_path(name: str | Path) -> Path:
    path = Path(name)
    return path if path.is_absolute() else NANUM_DIR / path


def required_fonts() -> list[Path]:
    """Every font file the generator may use; all must exist."""
    paths = [font_path(name) for families in FACES.values() for family in families for name in family]
    card_faces = [path for faces in CARD_FACES.values() for path in (*faces.numbers, faces.embossing)]
    return paths + card_faces + list(CARD_TEXT_FONTS) + [CARD_BOLD_FONT]


def missing_fonts() -> list[Path]:
    return [path for path in required_fonts() if not path.exists()]


@lru_cache(maxsize=256)
def load(name: str | Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), max(6, int(size)))
