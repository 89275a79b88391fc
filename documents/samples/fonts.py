"""Fonts for the sample documents: fonts-nanum for Korean, DejaVu/Liberation for the Latin card faces."""

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

NANUM_DIR = Path("/usr/share/fonts/truetype/nanum")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation")

# (regular, bold) pairs; each certificate picks one family.
CERTIFICATE_FAMILIES = (
    ("NanumGothic.ttf", "NanumGothicBold.ttf"),
    ("NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf"),
    ("NanumBarunGothic.ttf", "NanumBarunGothicBold.ttf"),
    ("NanumSquareR.ttf", "NanumSquareB.ttf"),
)
CARD_NUMBER_FONTS = (
    DEJAVU_DIR / "DejaVuSansMono-Bold.ttf",
    DEJAVU_DIR / "DejaVuSans-Bold.ttf",
    LIBERATION_DIR / "LiberationSans-Bold.ttf",
    NANUM_DIR / "NanumGothicCodingBold.ttf",
    NANUM_DIR / "NanumSquareB.ttf",
)
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
    paths = [font_path(name) for family in CERTIFICATE_FAMILIES for name in family]
    return paths + list(CARD_NUMBER_FONTS) + list(CARD_TEXT_FONTS) + [CARD_BOLD_FONT]


def missing_fonts() -> list[Path]:
    return [path for path in required_fonts() if not path.exists()]


@lru_cache(maxsize=256)
def load(name: str | Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), max(6, int(size)))
