"""A municipality with its identity set: colour, welcome texts, a logo and a header image, made
through the service as an admin would (the images are re-encoded and stored)."""
from __future__ import annotations

import io

from PIL import Image
from werkzeug.datastructures import FileStorage

from app.core.extensions import db
from app.municipalities import services

ACCENT = "#1a5e8a"
WELCOME_NB = "Velkommen til Asker! Her kan du si din mening om det som skjer i kommunen."
WELCOME_NN = "Velkomen til Asker! Her kan du seie meininga di om det som skjer i kommunen."
HEADER_ALT = "Utsikt over Oslofjorden fra Asker sentrum"


def picture(fmt: str = "PNG", size=(600, 200), colour=(26, 94, 138), *, exif: bool = False) -> bytes:
    """A small image; with `exif`, one that carries camera and GPS metadata."""
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Kamera AS"  # Make
        tags[0x8825] = {2: (59.0, 50.0, 0.0)}  # GPSInfo
        image.save(out, fmt, exif=tags)
    else:
        image.save(out, fmt)
    return out.getvalue()


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def with_identity(municipality, actor=None, *, accent: str = ACCENT):
    """Give `municipality` a colour, a logo, a header image and welcome texts; committed."""
    services.update_identity(
        municipality, actor,
        {"accent_color": accent, "welcome_nb": WELCOME_NB, "welcome_nn": WELCOME_NN,
         "header_alt": HEADER_ALT},
        logo=upload(picture(size=(160, 60)), "logo.png"),
        header_image=upload(picture("JPEG", size=(1200, 400), colour=(60, 120, 90)), "fjord.jpg"))
    db.session.commit()
    return municipality
