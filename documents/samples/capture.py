"""How a document reaches us (issue 9): a 300-dpi print-to-image, a noisy office scan, an image-only PDF from a
scanner, a phone photo (perspective, vignetting, soft focus, EXIF orientation). Each function returns the bytes
as they would be uploaded, with the variations it applied as `flaws`.

The text-layer PDF is not here: it is drawn from the sheet directly (`sheet.pdf`).
"""

import datetime as dt
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw

from . import degrade
from .sheet import Sheet, raster

A4_WIDTH_INCHES = 210 / 25.4
# Hometax prints to image at 300 dpi mostly; office scanners default to 150-300 dpi.
PRINT_DPI = {300: 0.5, 200: 0.3, 150: 0.2}
SCAN_DPI = {150: 0.35, 200: 0.4, 300: 0.25}
MAX_SCAN_SKEW = 5.0  # degrees
DUSTY_SCAN_SHARE = 0.3  # scans from a dusty glass or a worn drum
DUST_SPECKS = (800, 3000)  # specks on such a scan, per 150-dpi page
HUGE_PHOTO = (4599, 5951)  # the largest real upload seen; rare here because it is slow to read
HUGE_PHOTO_SHARE = 0.04
EXIF_ROTATED_SHARE = 0.3
TURNED_SCAN_SHARE = 0.15  # scans fed landscape or laid upside down on the glass: no EXIF tag says how to turn them
TURNS = {Image.Transpose.ROTATE_90: 90, Image.Transpose.ROTATE_180: 180, Image.Transpose.ROTATE_270: 270}
LOW_CERTIFICATE_WIDTH = (560, 720)
THUMBNAIL_WIDTH = (300, 450)  # card pictures found online
LOW_CARD_WIDTH = (480, 700)
STEEP_CARD_SHARE = 0.3  # card photos taken at a steep slant
STEEP_KEYSTONE = 0.32  # ... their far edge up to this much shorter
GRAINED_SURFACE_SHARE = 0.35  # card photos taken on a wooden table
GRAINED_PAGE_SHARE = 0.25  # certificate photos taken on one
FAR_CARD_SHARE = 0.25  # card photos taken from further off: the card a tenth to a fifth of the frame, turned, on
# veined stone or a planked table (a seventh independent set's photos)
FAR_CARD_FILL = (0.3, 0.45)  # of the frame's width
FAR_CARD_TILT = 25.0  # degrees, at most
FAR_CANVAS = (1.6, 2.2)  # the frame this many times wider than a near photo's: a phone's full picture
BED_EDGE_SHARE = 0.4  # card scans with the bed's dark edge in the picture, and dust on the glass
BED_SPECKS = (30, 250)  # specks on such a scan
PAGE_SCAN_SHARE = 0.2  # card scans of the scanner's whole A4 page, the card small on it
PAGE_SCAN_WIDTH = (2.2, 2.8)  # the page's width, in the card's
PAGE_DUST_SHARE = 0.5  # whole pages scanned from a dusty glass
UPSIDE_DOWN_SHARE = 0.1  # card photos of a landscape card lying upside down
CARD_CORNER_RADIUS = 0.036  # of the card's width (ISO/IEC 7810: 3.18 mm on 85.6 mm)


@dataclass(frozen=True)
class Shot:
    content: bytes
    format: str  # png | jpeg | pdf
    size: tuple[int, int]  # the stored pixels
    flaws: list[str]


def _weighted(rng: random.Random, weights: dict[int, float]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _a4_width(dpi: int) -> int:
    return round(A4_WIDTH_INCHES * dpi)


def _encoded(image: Image.Image, *, rng: random.Random, flaws: list[str], jpeg_share: float,
             quality: tuple[int, int]) -> Shot:
    if rng.random() < jpeg_share:
        content, fmt = degrade.encode(image, fmt="jpeg", quality=rng.randint(*quality)), "jpeg"
        flaws.append("jpeg")
    else:
        content, fmt = degrade.encode(image, fmt="png"), "png"
    return Shot(content=content, format=fmt, size=image.size, flaws=flaws)


def _downscaled(image: Image.Image, *, rng: random.Random, widths: tuple[int, int], flaws: list[str]) -> Image.Image:
    flaws.append("low_res")
    return degrade.downscale(image, width=rng.randint(*widths))


def _phone_file(image: Image.Image, *, rng: random.Random, flaws: list[str]) -> Shot:
    """Phones save JPEG; some store the pixels turned and say so in the EXIF Orientation tag."""
    quality = rng.randint(70, 92)
    flaws.append("jpeg")
    if rng.random() < EXIF_ROTATED_SHARE:
        stored = rng.choice((Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270, Image.Transpose.ROTATE_180))
        content = degrade.encode_jpeg_with_orientation(image, stored=stored, quality=quality)
        flaws.append("exif_rotated")
        turned = stored != Image.Transpose.ROTATE_180
        return Shot(content=content, format="jpeg", size=image.size[::-1] if turned else image.size, flaws=flaws)
    return Shot(content=degrade.encode(image, fmt="jpeg", quality=quality), format="jpeg", size=image.size,
                flaws=flaws)


def apart(rng: random.Random, purpose: str) -> random.Random:
    """A generator of its own for what only some documents have, seeded by `rng`'s state so far and taking nothing
    from it: the draws after it stay as they were. (Seeded by the state's text: `hash` of it differs between runs.)"""
    return random.Random(f"{purpose}:{rng.getstate()}")


def _table_grain(rng: random.Random, *, share: float) -> random.Random | None:
    """For `share` of photos, the generator of the wooden table they lie on, whose grain has edges as strong as print
    (a sixth independent set's photos); None for the rest. Drawn apart (`apart`), so that every other photo is as
    before; the table is drawn only once the photo's size is known."""
    grain = apart(rng, "grain")
    return grain if grain.random() < share else None


def _quad(*, rng: random.Random, centre: tuple[float, float], size: tuple[float, float], tilt: float,
          keystone: float, sideways: bool = False) -> list[tuple[float, float]]:
    """Corners of a page seen by a hand-held camera: turned by `tilt` degrees, the far edge narrower by
    `keystone` (a share of the width), each corner off by a little more. `sideways`: the camera off to one side,
    the far edge the left or the right one (a share of the height)."""
    w, h = size
    cx, cy = centre
    squeeze = w * keystone / 2
    corners = [(-w / 2 + squeeze, -h / 2), (w / 2 - squeeze, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    if rng.random() < 0.3:  # tilted the other way: the near edge is the top
        corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2 - squeeze, h / 2), (-w / 2 + squeeze, h / 2)]
    if sideways:
        squeeze = h * keystone / 2
        far = -1 if corners[0][0] == -w / 2 else 1  # the side drawn as for the top or bottom one
        corners = [(x, y * (1 - 2 * squeeze / h) if x * far > 0 else y) for x, y in
                   [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]]
    angle = math.radians(tilt)
    cos, sin = math.cos(angle), math.sin(angle)
    jitter = w * 0.015
    return [(cx + x * cos - y * sin + rng.uniform(-jitter, jitter),
             cy + x * sin + y * cos + rng.uniform(-jitter, jitter)) for x, y in corners]


def _photographed(subject: Image.Image, *, rng: random.Random, canvas: tuple[int, int], fill: float,
                  max_tilt: float, max_keystone: float, flaws: list[str], corner_radius: float = 0.0,
                  sideways: bool = False, backdrop: Image.Image | None = None) -> Image.Image:
    """`subject` on a darker surface (or on `backdrop`), seen in perspective, lit unevenly, vignetted, a little out
    of focus."""
    w, h = canvas
    width = w * fill
    height = width * subject.height / subject.width
    if height > h * 0.94:
        width, height = width * h * 0.94 / height, h * 0.94
    centre = (w / 2 + rng.uniform(-0.04, 0.04) * w, h / 2 + rng.uniform(-0.03, 0.03) * h)
    corners = _quad(rng=rng, centre=centre, size=(width, height), tilt=rng.uniform(-max_tilt, max_tilt),
                    keystone=rng.uniform(0.0, max_keystone), sideways=sideways)
    scale = width / subject.width
    if scale < 0.8:  # draw the subject near the size it will have, so the warp does not alias thin strokes
        subject = subject.resize((round(subject.width * scale * 1.25), round(subject.height * scale * 1.25)),
                                 Image.Resampling.LANCZOS)
    shape = None
    if corner_radius:
        shape = Image.new("L", subject.size, 0)
        ImageDraw.Draw(shape).rounded_rectangle((0, 0, subject.width - 1, subject.height - 1),
                                                radius=round(corner_radius * subject.width), fill=255)
    surface = degrade.surface(size=canvas, rng=rng)  # drawn even under `backdrop`: the draws after it stay the same
    image = degrade.place(subject, backdrop=surface if backdrop is None else backdrop, corners=corners, shape=shape)
    image = degrade.uneven_light(image, rng=rng, darkest=rng.uniform(0.62, 0.9))
    image = degrade.vignette(image, strength=rng.uniform(0.2, 0.5))
    image = degrade.blur(image, radius=rng.uniform(0.5, 1.5) * w / 1500)
    image = degrade.gaussian_noise(image, sigma=rng.uniform(3, 8), rng=rng)
    flaws += ["perspective", "uneven_light", "vignetting", "soft_focus", "noise"]
    return image


# ---------------------------------------------------------------- certificates


def _scanned(page: Sheet, *, rng: random.Random, max_skew: float, flaws: list[str]) -> tuple[Image.Image, int]:
    """An office scan: the page at the scanner's dpi, often yellowed, skewed on the glass, grainy."""
    dpi = _weighted(rng, SCAN_DPI)
    image = raster(page, width=_a4_width(dpi))
    if rng.random() < 0.5:
        image = degrade.tinted(image, colour=(255, rng.randint(236, 248), rng.randint(196, 228)))
        flaws.append("yellowed")
    if rng.random() < 0.85:
        angle = rng.uniform(0.3, max_skew) * rng.choice((-1, 1))
        lid = rng.choice(((255, 255, 255), (238, 238, 236), (60, 60, 60)))
        image = degrade.rotate(image, degrees=angle, expand=False, fill=lid)
        flaws.append("skewed")
    if rng.random() < 0.4:
        image = degrade.blur(image, radius=rng.uniform(0.5, 1.1) * image.width / 1240)
        flaws.append("blur")
    if rng.random() < 0.5:
        image = degrade.specks(image, count=rng.randint(20, 200), rng=rng)
        flaws.append("specks")
    dust = apart(rng, "dust")  # so that every other scan is as before
    if dust.random() < DUSTY_SCAN_SHARE:
        # a dusty glass or a worn drum: thousands of small specks (a third independent set's scans)
        area = (image.width / 1240) ** 2
        image = degrade.specks(image, count=round(dust.randint(*DUST_SPECKS) * area), rng=dust, largest=1.4)
        flaws.append("dust")
    image = degrade.gaussian_noise(image, sigma=rng.uniform(3, 10), rng=rng)
    flaws.append("noise")
    return image, dpi


def scanner_turn(rng: random.Random) -> Image.Transpose | None:
    """How a scan lies, for `certificate(turn=...)`: upright mostly, else a quarter turn."""
    return rng.choice(tuple(TURNS)) if rng.random() < TURNED_SCAN_SHARE else None


def _turned(image: Image.Image, turn: Image.Transpose | None, flaws: list[str]) -> Image.Image:
    if turn is None:
        return image
    flaws.append(f"turned_{TURNS[turn]}")
    return image.transpose(turn)


def certificate(page: Sheet, *, condition: str, rng: random.Random, low: bool, created: dt.datetime,
                turn: Image.Transpose | None = None) -> Shot:
    """The certificate's page as uploaded under `condition` (print | scan | photo | pdf_image); a scan `turn`ed
    as the scanner left it."""
    flaws: list[str] = []
    if condition == "print":
        image = raster(page, width=_a4_width(_weighted(rng, PRINT_DPI)))
        if low:
            image = _downscaled(image, rng=rng, widths=LOW_CERTIFICATE_WIDTH, flaws=flaws)
        return _encoded(image, rng=rng, flaws=flaws, jpeg_share=0.4, quality=(82, 95))
    if condition == "scan":
        image, _ = _scanned(page, rng=rng, max_skew=MAX_SCAN_SKEW, flaws=flaws)
        if low:
            image = _downscaled(image, rng=rng, widths=LOW_CERTIFICATE_WIDTH, flaws=flaws)
        image = _turned(image, turn, flaws)
        return _encoded(image, rng=rng, flaws=flaws, jpeg_share=0.7, quality=(55, 88))
    if condition == "pdf_image":
        image, dpi = _scanned(page, rng=rng, max_skew=2.0, flaws=flaws)
        if rng.random() < 0.4:
            image = image.convert("L")
            flaws.append("greyscale")
        image = _turned(image, turn, flaws)
        content = degrade.encode_pdf(image, dpi=dpi, created=created.timetuple())
        return Shot(content=content, format="pdf", size=image.size, flaws=flaws)
    if condition == "photo":
        if rng.random() < HUGE_PHOTO_SHARE:
            canvas = HUGE_PHOTO
        else:
            width = rng.randint(1240, 2480) if rng.random() < 0.85 else 3024
            canvas = (width, round(width * rng.uniform(1.29, 1.36)))
        subject = raster(page, width=min(2480, round(canvas[0] * 0.9)))
        grain = _table_grain(rng, share=GRAINED_PAGE_SHARE)
        table = None if grain is None else degrade.grained_surface(size=canvas, rng=grain)
        image = _photographed(subject, rng=rng, canvas=canvas, fill=rng.uniform(0.74, 0.9), max_tilt=4.0,
                              max_keystone=0.1, flaws=flaws, backdrop=table)
        if table is not None:
            flaws.append("grained_surface")
        if low:
            image = _downscaled(image, rng=rng, widths=LOW_CERTIFICATE_WIDTH, flaws=flaws)
        return _phone_file(image, rng=rng, flaws=flaws)
    raise ValueError(f"no capture condition {condition!r} for an image")


# ---------------------------------------------------------------- cards


def card(face: Image.Image, *, condition: str, rng: random.Random, low: bool) -> Shot:
    """The card face as uploaded under `condition` (print: a picture of the card, often a small thumbnail |
    scan | photo)."""
    flaws: list[str] = []
    if condition == "print":
        image = face
        if low:
            image = _downscaled(image, rng=rng, widths=THUMBNAIL_WIDTH, flaws=flaws)
        return _encoded(image, rng=rng, flaws=flaws, jpeg_share=0.5, quality=(60, 92))
    if condition == "scan":
        margin = rng.uniform(1.1, 1.4)
        bed = Image.new("RGB", (round(face.width * margin), round(face.height * margin)),
                        rng.choice(((250, 250, 250), (236, 236, 232))))
        bed.paste(face, ((bed.width - face.width) // 2 + rng.randint(-20, 20),
                         (bed.height - face.height) // 2 + rng.randint(-20, 20)))
        page = apart(rng, "page")  # drawn apart, so that every other card is as before
        if page.random() < PAGE_SCAN_SHARE:
            # the scanner's whole page, the card lying anywhere on it (a ninth independent set's A4 scans: the card
            # a twentieth of the page, read as nothing)
            width = round(face.width * page.uniform(*PAGE_SCAN_WIDTH))
            bed = Image.new("RGB", (width, round(width * 2 ** 0.5)), bed.getpixel((0, 0)))
            bed.paste(face, (page.randint(0, bed.width - face.width), page.randint(0, bed.height - face.height)))
            flaws.append("page")
            if page.random() < PAGE_DUST_SHARE:  # else a clean glass (a tenth independent set's: no speck on it)
                bed = degrade.specks(bed, count=page.randint(*BED_SPECKS), rng=page, largest=2.5)
                flaws.append("dust")
        if rng.random() < 0.8:
            bed = degrade.rotate(bed, degrees=rng.uniform(0.5, 4.0) * rng.choice((-1, 1)), expand=False,
                                 fill=bed.getpixel((0, 0)))
            flaws.append("skewed")
        edged = apart(rng, "bed")  # drawn apart, so that every other card is as before
        if edged.random() < BED_EDGE_SHARE:
            # the bed's dark edge along the picture and dust on the glass (a sixth independent set's scans, read as
            # nothing when the band and the specks made the card's edges seem to fill the picture)
            bed = degrade.specks(degrade.bed_edges(bed, rng=edged), count=edged.randint(*BED_SPECKS), rng=edged,
                                 largest=2.5)
            flaws += ["bed_edge", *([] if "dust" in flaws else ["dust"])]  # a whole page's scan may be dusty already
        image = degrade.gaussian_noise(bed, sigma=rng.uniform(3, 9), rng=rng)
        flaws.append("noise")
        if low:
            image = _downscaled(image, rng=rng, widths=LOW_CARD_WIDTH, flaws=flaws)
        return _encoded(image, rng=rng, flaws=flaws, jpeg_share=0.7, quality=(60, 90))
    if condition == "photo":
        width = rng.randint(1000, 2200)
        canvas = (width, round(width * rng.uniform(0.66, 0.82)))
        # a card seen at a steep slant, from above or from a side (a fourth independent set's photos), drawn apart so
        # that every other card is as before
        slant = apart(rng, "slant")
        steep = slant.random() < STEEP_CARD_SHARE
        grain = _table_grain(rng, share=GRAINED_SURFACE_SHARE)
        fill, max_tilt = rng.uniform(0.55, 0.85), 8.0
        far = apart(rng, "far")
        from_far = far.random() < FAR_CARD_SHARE
        if from_far:
            # from further off, on stone or planks, turned (drawn apart: every other card is as before)
            scale = far.uniform(*FAR_CANVAS)
            canvas = (round(canvas[0] * scale), round(canvas[1] * scale))
            fill, max_tilt = far.uniform(*FAR_CARD_FILL), FAR_CARD_TILT
            flaws.append("far")
        table = None if grain is None else degrade.grained_surface(size=canvas, rng=grain)
        surface = "" if table is None else "grained_surface"
        if from_far:
            if table is None:
                table, surface = degrade.veined_surface(size=canvas, rng=far), "veined_surface"
            else:
                table, surface = degrade.planks(table, rng=far), "planks"
        turned = apart(rng, "upside down")  # drawn apart: every other card is as before
        if face.width > face.height and turned.random() < UPSIDE_DOWN_SHARE:
            # laid on the table upside down (an eleventh independent set's photos, two of ten)
            face = face.rotate(180)
            flaws.append("upside_down")
        image = _photographed(face, rng=rng, canvas=canvas, fill=fill, max_tilt=max_tilt,
                              max_keystone=STEEP_KEYSTONE if steep else 0.14, flaws=flaws,
                              corner_radius=CARD_CORNER_RADIUS, sideways=steep and slant.random() < 0.5,
                              backdrop=table)
        if steep:
            flaws.append("steep")
        if surface:
            flaws.append(surface)
        if low and not from_far:  # a small card in a thumbnail-sized photo is no card anyone can read
            image = _downscaled(image, rng=rng, widths=LOW_CARD_WIDTH, flaws=flaws)
        return _phone_file(image, rng=rng, flaws=flaws)
    raise ValueError(f"no capture condition {condition!r} for a card")
