"""The demo consultations: open plan in Asker, open nynorsk in Voss, concluded in Bergen."""
from __future__ import annotations

from sqlalchemy import func, select

from app.consultations.models import Consultation, ConsultationKind, Phase
from app.demo import load_demo_data
from app.files.services import read_bytes


def test_demo_consultations_are_there_once_and_in_the_right_phases(app, db, client):
    load_demo_data(echo=lambda *_: None)
    db.session.commit()
    load_demo_data(echo=lambda *_: None)
    db.session.commit()
    rows = {c.municipality.slug: c for c in db.session.scalars(select(Consultation))}
    assert db.session.scalar(select(func.count(Consultation.id))) == 3
    asker, voss, bergen = rows["asker"], rows["voss"], rows["bergen"]
    assert asker.kind is ConsultationKind.plan and asker.phase is Phase.open
    assert voss.phase is Phase.open and voss.written_forms() == ["nn"]
    assert bergen.phase is Phase.concluded and bergen.municipality.is_active
    for consultation in (asker, voss, bergen):
        assert consultation.documents and len(consultation.answers) >= 2
        assert read_bytes(consultation.documents[0].stored_file).startswith(b"%PDF-1.4")
    assert any(a.organisation_number == "999999999" for a in asker.answers)
    page = client.get(f"/voss/horinger/{voss.id}?lang=nn").get_data(as_text=True)
    assert "Trafikktryggleiksplan" in page and "Krysset ved Vangsgata" in page
    page = client.get(f"/bergen/horinger/{bergen.id}?lang=nb").get_data(as_text=True)
    assert page.index("Takk for 2 innspill") < page.index("Hvordan kan byrommene")
    assert client.get(f"/asker/filer/{asker.documents[0].stored_file_id}").status_code == 200
