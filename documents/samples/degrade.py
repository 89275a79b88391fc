"""Seeded degradations that make a clean render look like a scan or a phone photo. Pillow only, no numpy."""

import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps


def rotate(image: Image.Image, *, degrees: float, expand: bool = True, fill: tuple | None = None) -> Image.Image:
    """Tilt the page. With `expand` the canvas grows to hold it all; without, it keeps its size, as a scanner's
    glass does. New corners take `fill` (default: the colour of the top-left pixel)."""
    fill = image.getpixel((0, 0)) if fill is None else fill
    return image.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=expand, fillcolor=fill)


def blur(image: Image.Image, *, radius: float) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def downscale(image: Image.Image, *, width: int) -> Image.Image:
    height = round(image.height * width / image.width)
    return image.resize((width, height), Image.Resampling.LANCZOS)


def gaussian_noise(image: Image.Image, *, sigma: float, rng: random.Random) -> Image.Image:
    """Add approximately Gaussian grain: the mean of four seeded uniform layers (Irwin-Hall), scaled to `sigma`."""
    size = image.size
    layers = [Image.frombytes("L", size, rng.randbytes(size[0] * size[1])) for _ in range(4)]
    grain = Image.blend(Image.blend(layers[0], layers[1], 0.5), Image.blend(layers[2], layers[3], 0.5), 0.5)
    spread = 255 / (12**0.5) / 2  # standard deviation of the mean of four uniform 0..255 values
    grain = grain.point(lambda v: max(0, min(255, round(128 + (v - 127.5) * sigma / spread))))
    grain = Image.merge("RGB", (grain,) * 3) if image.mode == "RGB" else grain
    return ImageChops.add(image, grain, scale=1.0, offset=-128)


def specks(image: Image.Image, *, count: int, rng: random.Random, largest: float = 2.2) -> Image.Image:
    """Dust and toner dots on the scanner glass: small dark blots anywhere, over text too (radius up to `largest`
    pixels of a 150-dpi page)."""
    image = image.copy()
    draw = ImageDraw.Draw(image)
    scale = image.width / 1240
    for _ in range(count):
        x, y = rng.uniform(0, image.width), rng.uniform(0, image.height)
        r = rng.uniform(0.6, largest) * scale
        shade = rng.randint(20, 110)
        draw.ellipse((x - r, y - r * rng.uniform(0.5, 1.5), x + r, y + r), fill=(shade,) * len(image.getbands()))
    return image


def encode(image: Image.Image, *, fmt: str, quality: int = 90) -> bytes:
    """PNG or JPEG bytes; the same image and settings always give the same bytes."""
    out = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=False)
    else:
        image.save(out, "PNG", optimize=False, compress_level=1)  # fast; size matters less than time here
    return out.getvalue()


def encode_pdf(image: Image.Image, *, dpi: float, created) -> bytes:
    """One A4-sized PDF page embedding the image; `created` (a time.struct_time) fixes the metadata dates."""
    out = io.BytesIO()
    image.convert("RGB").save(out, "PDF", resolution=dpi, creationDate=created, modDate=created)
    return out.getvalue()


# ---------------------------------------------------------------- paper, light and lens


def tinted(image: Image.Image, *, colour: tuple[int, int, int]) -> Image.Image:
    """Multiply by a paper colour: (255, 244, 214) turns white paper the yellow of an old certificate."""
    return ImageChops.multiply(image.convert("RGB"), Image.new("RGB", image.size, colour))


def uneven_light(image: Image.Image, *, rng: random.Random, darkest: float) -> Image.Image:
    """Light falling off across the page from one side (a desk lamp, a window): a ramp from 1 down to `darkest`."""
    ramp = Image.linear_gradient("L").rotate(rng.uniform(0, 360), resample=Image.Resampling.BILINEAR, expand=False,
                                             fillcolor=128)
    ramp = ramp.crop((48, 48, 208, 208)).resize(image.size, Image.Resampling.BILINEAR)
    ramp = ramp.point(lambda v: round(255 * (1 - (1 - darkest) * v / 255)))
    return ImageChops.multiply(image.convert("RGB"), Image.merge("RGB", (ramp,) * 3))


def vignette(image: Image.Image, *, strength: float) -> Image.Image:
    """Corners darker than the middle, as a phone lens draws them; `strength` 0..1 is the corners' loss."""
    radial = Image.radial_gradient("L").resize(image.size, Image.Resampling.BILINEAR)  # 0 centre .. 255 edge
    mask = radial.point(lambda v: round(255 * (1 - strength * min(1.0, v / 255) ** 2)))
    return ImageChops.multiply(image.convert("RGB"), Image.merge("RGB", (mask,) * 3))


def _solve(matrix: list[list[float]], values: list[float]) -> list[float]:
    """Gauss-Jordan elimination with partial pivoting for the 8x8 perspective system (no numpy here)."""
    n = len(values)
    rows = [row[:] + [value] for row, value in zip(matrix, values, strict=True)]
    for column in range(n):
        pivot = max(range(column, n), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(n):
            if r != column:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def perspective_coefficients(source: list[tuple[float, float]], target: list[tuple[float, float]]) -> list[float]:
    """Pillow's PERSPECTIVE data: the map from each `target` corner (output) back to its `source` corner."""
    matrix, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        matrix.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        matrix.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values += [u, v]
    return _solve(matrix, values)


def place(image: Image.Image, *, backdrop: Image.Image, corners: list[tuple[float, float]],
          shape: Image.Image | None = None) -> Image.Image:
    """Lay `image` onto `backdrop` with its four corners (clockwise from top-left) at `corners`: perspective.
    `shape` (L, the image's size) masks what belongs to the object, e.g. a card's rounded corners."""
    w, h = image.size
    source = [(0, 0), (w, 0), (w, h), (0, h)]
    data = perspective_coefficients(source, corners)
    warped = image.convert("RGB").transform(backdrop.size, Image.Transform.PERSPECTIVE, data,
                                            resample=Image.Resampling.BILINEAR)
    mask = (shape or Image.new("L", image.size, 255)).transform(backdrop.size, Image.Transform.PERSPECTIVE, data,
                                                      resample=Image.Resampling.BILINEAR)
    out = backdrop.convert("RGB").copy()
    out.paste(warped, (0, 0), mask)
    return out


def surface(*, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """What a page is photographed on: a darker desk, cloth or floor, shaded and grainy."""
    base = rng.choice(((92, 64, 44), (60, 60, 64), (40, 48, 70), (120, 100, 80), (30, 30, 32), (150, 140, 125)))
    small = Image.new("RGB", (64, 64), base)
    small = uneven_light(small, rng=rng, darkest=rng.uniform(0.55, 0.85))
    return gaussian_noise(small.resize(size, Image.Resampling.BICUBIC), sigma=rng.uniform(4, 10), rng=rng)


def grained_surface(*, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A wooden table: streaks of light and dark grain running along it, with edges as strong as a card's print."""
    width, height = size
    across, along = (width, height) if rng.random() < 0.7 else (height, width)  # the grain along or across
    streaks = (max(2, across // 40), max(2, along // 3))  # fine streaks, forty times longer than wide
    fine = Image.frombytes("L", streaks, rng.randbytes(streaks[0] * streaks[1]))
    level, walk = 128.0, []
    for _ in range(max(2, along // 6)):  # broad bands of the grain: a slow random walk
        level = min(230.0, max(25.0, level + rng.gauss(0, 18)))
        walk.append(round(level))
    bands = Image.frombytes("L", (1, len(walk)), bytes(walk))
    grain = Image.blend(fine.resize((across, along), Image.Resampling.BICUBIC),
                        bands.resize((across, along), Image.Resampling.BICUBIC), 0.5)
    wood = rng.choice((((62, 40, 24), (150, 105, 62)), ((90, 60, 36), (196, 150, 100)),
                       ((48, 44, 40), (140, 132, 120))))
    image = ImageOps.colorize(ImageOps.autocontrast(grain), black=wood[0], white=wood[1])
    if (across, along) != (width, height):
        image = image.transpose(Image.Transpose.ROTATE_90)
    return gaussian_noise(image, sigma=rng.uniform(3, 7), rng=rng)


def veined_surface(*, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A pale stone table: grey veins wandering across it, thin and winding, with edges as strong as a card's print
    but no straight run."""
    width, height = size
    base = rng.choice(((226, 224, 220), (214, 214, 212), (236, 230, 222)))
    image = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(image)
    step = max(width, height) / 40
    for _ in range(rng.randint(12, 30)):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        heading = rng.uniform(0, math.tau)
        points = [(x, y)]
        for _ in range(rng.randint(20, 60)):
            heading += rng.gauss(0, 0.5)
            x, y = x + step * math.cos(heading), y + step * math.sin(heading)
            points.append((x, y))
        shade = rng.randint(90, 170)
        draw.line(points, fill=(shade, shade, shade - 4), width=max(1, round(rng.uniform(0.0015, 0.005) * width)))
    image = image.filter(ImageFilter.GaussianBlur(radius=max(0.6, width / 1500)))
    return gaussian_noise(image, sigma=rng.uniform(2, 5), rng=rng)


def planks(image: Image.Image, *, rng: random.Random) -> Image.Image:
    """The dark straight lines between a table's planks, running along its grain across the whole picture."""
    image = image.copy()
    draw = ImageDraw.Draw(image)
    width, height = image.size
    along_x = rng.random() < 0.5
    across = height if along_x else width
    gap = rng.uniform(0.18, 0.4) * across
    at = rng.uniform(0.05, 1.0) * gap
    while at < across:
        shade = rng.randint(15, 50)
        line = [(0, at), (width, at + rng.uniform(-4, 4))] if along_x else [(at, 0), (at + rng.uniform(-4, 4), height)]
        draw.line(line, fill=(shade, shade - 5, 0), width=max(2, round(across / 700)))
        at += gap * rng.uniform(0.8, 1.2)
    return image


def bed_edges(image: Image.Image, *, rng: random.Random) -> Image.Image:
    """A scanner's bed smaller than the picture: a dark band along one or two of its edges, wider at one end where
    the bed lay skewed."""
    image = image.copy()
    draw = ImageDraw.Draw(image)
    width, height = image.size
    for side in rng.sample(("top", "left", "right", "bottom"), rng.choice((1, 2, 2))):
        across = height if side in ("top", "bottom") else width
        start, end = (rng.uniform(0.0, 0.03) * across for _ in range(2))
        end += rng.uniform(0.005, 0.03) * across
        shade = (rng.randint(40, 110),) * len(image.getbands())
        if side == "top":
            band = [(0, 0), (width, 0), (width, end), (0, start)]
        elif side == "bottom":
            band = [(0, height), (width, height), (width, height - end), (0, height - start)]
        elif side == "left":
            band = [(0, 0), (0, height), (end, height), (start, 0)]
        else:
            band = [(width, 0), (width, height), (width - end, height), (width - start, 0)]
        draw.polygon(band, fill=shade)
    return image


# The EXIF Orientation tag that tells a viewer how to turn the stored pixels upright, by how the camera stored them.
EXIF_ORIENTATION = {Image.Transpose.ROTATE_90: 6, Image.Transpose.ROTATE_180: 3, Image.Transpose.ROTATE_270: 8}
ORIENTATION_TAG = 0x0112


def encode_jpeg_with_orientation(image: Image.Image, *, stored: Image.Transpose, quality: int) -> bytes:
    """The upright `image` stored turned by `stored`, with the EXIF tag that turns it back (as phones save photos)."""
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = EXIF_ORIENTATION[stored]
    out = io.BytesIO()
    image.convert("RGB").transpose(stored).save(out, "JPEG", quality=quality, optimize=False, exif=exif)
    return out.getvalue()
