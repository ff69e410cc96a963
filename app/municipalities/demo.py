"""Demo data of this area: Asker's and Voss's identity (a colour, a welcome text in bokmål and
nynorsk, and a simple drawn logo). Called by app/demo.py; running it again changes nothing."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.core.extensions import db
from app.files.services import save_image
from app.municipalities.models import Municipality
from app.municipalities.services import set_demo_identity

#: slug -> (accent colour, welcome in bokmål, welcome in nynorsk)
DEMO_IDENTITIES = {
    "asker": ("#00594f",
              "Velkommen til Asker kommunes side for medvirkning. Her kan du foreslå ideer, "
              "svare på høringer og stemme over hva kommunen skal prioritere.",
              "Velkomen til Asker kommune si side for medverknad. Her kan du foreslå idear, "
              "svare på høyringar og røyste over kva kommunen skal prioritere."),
    "voss": ("#8a1c2b",
             "Velkommen til Voss herad. Si din mening om det som skjer i bygda, fra nye "
             "turstier til bussruter og skoler.",
             "Velkomen til Voss herad. Sei meininga di om det som skjer i bygda, frå nye "
             "turstiar til bussruter og skular."),
}


def _drawn_logo(colour: str, letter: str) -> FileStorage:
    """A round badge in the colour with the municipality's initial: a stand-in for a real logo."""
    image = Image.new("RGB", (96, 96), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 92, 92), fill=colour)
    draw.text((48, 50), letter, fill="white", anchor="mm", font_size=52)
    out = io.BytesIO()
    image.save(out, "PNG")
    return FileStorage(stream=io.BytesIO(out.getvalue()), filename="logo.png")


def load_identity_demo(echo=print) -> None:
    """Give the demo municipalities Asker and Voss their colour, welcome text and logo."""
    for slug, (colour, welcome_nb, welcome_nn) in DEMO_IDENTITIES.items():
        municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
        if municipality is None:
            continue
        set_demo_identity(municipality, colour, welcome_nb, welcome_nn)
        if municipality.logo_file_id is None:
            stored = save_image(_drawn_logo(colour, municipality.name[0]), municipality, None,
                                f"{municipality.name} kommune")
            stored.is_public = True
            municipality.logo_file_id = stored.id
        echo(f"Identity of {municipality.name}: {colour}")
    db.session.flush()
