"""Photos sent with a request, re-encoded so that nothing but the picture is kept.

A phone's photo carries where and when it was taken and by which device (EXIF, XMP, IPTC, a
thumbnail that may show the uncropped picture). Decoding the pixels and writing a new JPEG
keeps none of it. Pictures are made smaller on the way: a lawyer needs a face, not 50 MB.
"""

import io

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
# Far below Pillow's own bomb limit: a phone photo has about 12 million pixels.
MAX_PIXELS = 50_000_000
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")


class NotAPhoto(ValueError):
    """The file is not a picture izdeu can read, or is too large."""


def reencode(data: bytes) -> bytes:
    """The picture alone, as a JPEG of at most MAX_SIDE pixels a side, upright."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise NotAPhoto("too_large")
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise NotAPhoto("too_many_pixels")
            # The orientation tag is the one piece of metadata that changes the picture itself.
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise NotAPhoto("unreadable") from error
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    # A fresh image: none of the original's info (EXIF, XMP, ICC, comments) is carried over.
    clean = Image.new("RGB", upright.size)
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
