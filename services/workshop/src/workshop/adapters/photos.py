"""Photos as they are kept: JPEG, PNG or WebP decided by the bytes, re-encoded without metadata.

Re-encoding drops EXIF (the GPS location with it), XMP and text chunks; the EXIF orientation
is applied to the pixels first, so the photo still stands the right way up.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from aftersales_common.errors import InvalidInput, TooLarge, UnsupportedMediaType

MAX_PIXELS = 50_000_000
"""Larger images are refused before they are decoded (a decompression bomb is a few KB)."""

_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"),
          "WEBP": ("image/webp", "webp")}
_REFUSED = ("only JPEG, PNG or WebP photos are accepted / 仅支持 JPEG、PNG 或 WebP 格式的照片")


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to store: the re-encoded bytes and what they are."""

    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce (JPEG, PNG, WEBP), or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def clean_photo(data: bytes, *, max_bytes: int) -> CleanPhoto:
    """Check size and type (413, 415), decode (422 when broken), strip metadata, re-encode."""
    if len(data) > max_bytes:
        raise TooLarge(f"the photo is larger than {max_bytes // (1024 * 1024)} MB / "
                       f"照片超过 {max_bytes // (1024 * 1024)} MB", field="file")
    kind = sniff(data)
    if kind is None:
        raise UnsupportedMediaType(_REFUSED, field="file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise InvalidInput("the photo has too many pixels / 照片像素过大", field="file")
                opened.load()
                image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput("the photo cannot be read / 照片无法读取", field="file") from None
    return _encode(image, kind)


def _encode(image: Image.Image, kind: str) -> CleanPhoto:
    """Only the pixels (and the colour profile) go into the new file."""
    icc = image.info.get("icc_profile")
    image.info.clear()
    out = io.BytesIO()
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if kind == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=88, optimize=True, **options)
    elif kind == "PNG":
        image.save(out, format="PNG", optimize=True, **options)
    else:
        image.save(out, format="WEBP", quality=85, **options)
    content_type, extension = _TYPES[kind]
    return CleanPhoto(out.getvalue(), content_type, extension, image.width, image.height)
