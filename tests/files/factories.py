"""Images for the upload tests: ordinary ones, and decompression bombs (small files whose header
declares a huge picture), built by hand so that no test ever holds the huge picture itself."""
from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib

from PIL import Image
from werkzeug.datastructures import FileStorage


def image_bytes(fmt: str, size=(1000, 800), *, frames: int = 1) -> bytes:
    """An ordinary image in `fmt` ("JPEG", "PNG", "WEBP", "GIF"); animated when frames > 1."""
    pictures = [Image.new("RGB", size, (20 * n % 256, 120, 60)) for n in range(frames)]
    out = io.BytesIO()
    if frames > 1:
        pictures[0].save(out, fmt, save_all=True, append_images=pictures[1:], duration=100)
    else:
        pictures[0].save(out, fmt)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def png_bomb(width: int = 13000, height: int = 13000) -> bytes:
    """A complete, valid RGBA PNG of `width` x `height` black pixels: 13000 x 13000 (676 MB when
    decoded) fits in about 660 kB, like the file in the Hardening issue.

    The zlib stream is one compressed run of rows repeated: each run ends with a full flush, so it
    refers to nothing before it and the copies can be joined without compressing 676 MB here."""
    row = 1 + width * 4  # filter byte + RGBA
    rows_per_run = 100
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    run = compressor.compress(bytes(row * rows_per_run)) + compressor.flush(zlib.Z_FULL_FLUSH)
    whole, rest = divmod(height, rows_per_run)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = tail.compress(bytes(row * rest)) + tail.flush(zlib.Z_FULL_FLUSH)
    adler = (((row * height) % 65521) << 16) | 1  # adler32 of only zero bytes
    stream = b"\x78\xda" + run * whole + last + b"\x03\x00" + struct.pack(">I", adler)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", stream)
            + _png_chunk(b"IEND", b""))


def jpeg_bomb(width: int = 9000, height: int = 9000) -> bytes:
    """A small JPEG whose frame header (SOF0) claims `width` x `height`."""
    data = bytearray(image_bytes("JPEG", (16, 16)))
    at = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


def webp_bomb(width: int = 8000, height: int = 8000) -> bytes:
    """A small lossless WebP whose VP8L header claims `width` x `height`."""
    data = bytearray()
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(out, "WEBP", lossless=True)
    data += out.getvalue()
    assert data[12:16] == b"VP8L" and data[20] == 0x2F, "expected a simple lossless WebP"
    bits = struct.unpack_from("<I", data, 21)[0] & ~0x0FFFFFFF
    struct.pack_into("<I", data, 21, bits | (width - 1) | (height - 1) << 14)
    return bytes(data)


def gif_bomb(width: int = 9000, height: int = 9000) -> bytes:
    """A small GIF whose screen and image descriptor claim `width` x `height`."""
    data = bytearray(image_bytes("GIF", (16, 16)))
    struct.pack_into("<HH", data, 6, width, height)
    at = data.index(b"\x2c", 13)  # the image descriptor
    struct.pack_into("<HH", data, at + 5, width, height)
    return bytes(data)


# --- documents ------------------------------------------------------------------------------

def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office/>")
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def upload(data: bytes, name: str) -> FileStorage:
    """`data` as an uploaded file called `name`."""
    return FileStorage(io.BytesIO(data), name)
