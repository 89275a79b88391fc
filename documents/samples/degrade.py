"""Seeded degradations that make a clean render look like a scan or a phone photo. Pillow only, no numpy."""

import io
import random

from PIL import Image, ImageChops, ImageFilter


def rotate(image: Image.Image, *, degrees: float) -> Image.Image:
    """Tilt the page (expanding the canvas), filling the new corners with the colour of the top-left pixel."""
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=image.getpixel((0, 0)))


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


def encode(image: Image.Image, *, fmt: str, quality: int = 90) -> bytes:
    """PNG or JPEG bytes; the same image and settings always give the same bytes."""
    out = io.BytesIO()
    if fmt == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=quality, optimize=False)
    else:
        image.save(out, "PNG", optimize=False)
    return out.getvalue()


def encode_pdf(image: Image.Image, *, dpi: float, created) -> bytes:
    """One A4-sized PDF page embedding the image; `created` (a time.struct_time) fixes the metadata dates."""
    out = io.BytesIO()
    image.convert("RGB").save(out, "PDF", resolution=dpi, creationDate=created, modDate=created)
    return out.getvalue()
