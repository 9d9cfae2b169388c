"""Photo files for reports: the format is read from the bytes, never from the name.

Three files per photo under `<data_dir>/uploads/reports/`:
  <token>.orig.<ext>  the bytes as uploaded (EXIF and GPS included): officers only
  <token>.jpg         the public copy: orientation applied, resized, re-encoded, no metadata
  <token>.thumb.jpg   a thumbnail for lists, from the public copy
Re-encoding (not just deleting tags) is what guarantees no location survives in the public
copies: Pillow writes only pixels unless metadata is passed explicitly.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50 MP photo still passes; a decompression bomb does not
PUBLIC_EDGE = 1600
THUMB_EDGE = 320
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class PhotoRejected(Exception):
    def __init__(self, code: str, detail: str):
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Processed:
    kind: str  # jpeg | png | webp
    width: int
    height: int
    public: bytes
    thumb: bytes


def upload_dir(data_dir: Path) -> Path:
    d = Path(data_dir) / "uploads" / "reports"
    d.mkdir(parents=True, exist_ok=True)
    return d


def decoded(content_base64: str) -> bytes:
    """The bytes of a photo sent base64 in JSON; a Korean 422 on the field if it is not."""
    import base64
    import binascii

    from myg_app.contracts.common import FieldError
    from myg_app.server.errors import AppError

    try:
        return base64.b64decode(content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise AppError(422, "photo.encoding", "사진 데이터를 읽을 수 없습니다. 다시 골라 주세요.",
                       errors=[FieldError(field="content_base64",
                                          message="base64 형식이 아닙니다.")]) from None


def accepted(data: bytes, filename: str = "") -> Processed:
    """`process` for an upload route: a rejected file becomes the field's Korean 413/415."""
    from myg_app.server.errors import AppError

    try:
        return process(data, filename)
    except PhotoRejected as e:
        status = 413 if e.code == "photo.too_large" else 415
        raise AppError(status, e.code, e.detail, field="photo") from None


def process(data: bytes, filename: str = "") -> Processed:
    """Check and convert one upload; raises PhotoRejected with a Korean message."""
    name = f"'{filename}'" if filename else "사진"
    if not data:
        raise PhotoRejected("photo.empty", f"{name} 파일이 비어 있습니다.")
    if len(data) > MAX_BYTES:
        raise PhotoRejected("photo.too_large",
                            f"{name}이(가) 너무 큽니다. 사진 한 장은 {MAX_BYTES // (1024 * 1024)}MB "
                            "이하여야 합니다.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            fmt = img.format
            if fmt not in FORMATS:
                raise PhotoRejected("photo.type",
                                    f"{name}은(는) 사진 파일이 아닙니다. JPG, PNG, WEBP 사진만 올릴 수 "
                                    "있습니다.")
            if img.width * img.height > MAX_PIXELS:
                raise PhotoRejected("photo.too_large", f"{name}의 해상도가 너무 큽니다.")
            img.load()  # a truncated or corrupt file fails here, not later
            img = ImageOps.exif_transpose(img)  # the picture stands the way it was taken
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PhotoRejected("photo.type",
                            f"{name}을(를) 사진으로 읽을 수 없습니다. JPG, PNG, WEBP 사진만 올릴 수 "
                            "있습니다.") from None
    rgb = img.convert("RGB")
    public = rgb.copy()
    public.thumbnail((PUBLIC_EDGE, PUBLIC_EDGE))
    thumb = public.copy()
    thumb.thumbnail((THUMB_EDGE, THUMB_EDGE))
    return Processed(kind=fmt.lower(), width=public.width, height=public.height,
                     public=_jpeg(public, 85), thumb=_jpeg(thumb, 80))


def _jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True)  # no exif= : nothing but pixels
    return out.getvalue()


def paths(data_dir: Path, token: str, kind: str) -> dict[str, Path]:
    d = upload_dir(data_dir)
    return {"original": d / f"{token}.orig.{FORMATS[kind.upper()]}",
            "public": d / f"{token}.jpg", "thumb": d / f"{token}.thumb.jpg"}


def save(data_dir: Path, token: str, original: bytes, p: Processed) -> None:
    files = paths(data_dir, token, p.kind)
    files["original"].write_bytes(original)
    files["public"].write_bytes(p.public)
    files["thumb"].write_bytes(p.thumb)


def delete(data_dir: Path, token: str, kind: str) -> None:
    for f in paths(data_dir, token, kind).values():
        f.unlink(missing_ok=True)


def media_type(kind: str) -> str:
    return {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[kind]
