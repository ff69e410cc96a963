"""The tenants: Norway's municipalities (kommuner)."""
from __future__ import annotations

import enum
import hashlib
from datetime import datetime

from sqlalchemy import Boolean, Enum, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.core.clock import UTCDateTime
from app.core.extensions import db
from app.core.tenancy import tenant_model
from app.municipalities.labels import MALFORM_LABELS, MODERATION_MODE_LABELS


class Malform(enum.Enum):
    """A municipality's declared written form (språkvedtak)."""

    bokmal = "bokmal"
    nynorsk = "nynorsk"
    noytral = "noytral"

    @property
    def label(self):
        """What the written form is called, in the reader's language."""
        return MALFORM_LABELS[self.value]


class ModerationMode(enum.Enum):
    pre = "pre"  #: nothing is shown before a moderator approves it
    post = "post"  #: shown at once, moderated afterwards

    @property
    def label(self):
        """How the mode is described to an admin, in the reader's language."""
        return MODERATION_MODE_LABELS[self.value]


@tenant_model
class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: kommunenummer, four digits (SSB classification 131)
    number: Mapped[str] = mapped_column(String(4), unique=True, index=True)
    #: the official name as SSB writes it, Sami and Norwegian joined: "Guovdageaidnu - Kautokeino"
    official_name: Mapped[str] = mapped_column(String(200))
    #: the Norwegian (bokmål) name alone, used in the slug: "Kautokeino"
    name: Mapped[str] = mapped_column(String(120))
    #: the parallel Sami name, where the official name has one: "Guovdageaidnu"
    sami_name: Mapped[str | None] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(140), unique=True, index=True)
    county: Mapped[str] = mapped_column(String(80))
    malform: Mapped[Malform] = mapped_column(
        Enum(Malform, name="malform", native_enum=False, length=16), default=Malform.noytral
    )
    default_locale: Mapped[str] = mapped_column(String(8), default="nb")
    #: comma-separated locale codes offered in the language switch, e.g. "nb,nn,en,se"
    enabled_locales: Mapped[str] = mapped_column(String(64), default="nb,nn,en")
    #: an active municipality takes part in the network and shows its pages
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    moderation_mode: Mapped[ModerationMode] = mapped_column(
        Enum(ModerationMode, name="moderation_mode", native_enum=False, length=8),
        default=ModerationMode.post,
    )
    #: origins (scheme://host[:port]) allowed to embed this municipality's surveys, one per line
    embed_origins: Mapped[str] = mapped_column(Text, default="")
    accessibility_statement_url: Mapped[str | None] = mapped_column(String(500))
    privacy_contact: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(255))
    #: organisasjonsnummer (Brønnøysund, nine digits, mod-11 checked): the publisher in the
    #: DCAT-AP-NO catalogue; without it the municipality's datasets are left out of it
    org_number: Mapped[str | None] = mapped_column(String(9))
    #: where questions about the open data go (the catalogue's contact point); the privacy
    #: contact stands in when empty
    open_data_contact: Mapped[str | None] = mapped_column(String(254))
    #: the level of assurance asked of ID-porten: idporten-loa-substantial or idporten-loa-high
    idporten_acr: Mapped[str] = mapped_column(String(40), default="idporten-loa-substantial",
                                              server_default="idporten-loa-substantial")
    #: ID-porten's `onbehalfof` (a service owner's client), checked in the returned claims
    idporten_onbehalfof: Mapped[str | None] = mapped_column(String(100))
    #: the privacy notice: who the controller is (defaults to the municipality's official name)
    privacy_controller: Mapped[str | None] = mapped_column(String(200))
    #: the municipality's own words on purpose, lawful basis and retention, in nb and nn
    privacy_notice_nb: Mapped[str | None] = mapped_column(Text)
    privacy_notice_nn: Mapped[str | None] = mapped_column(Text)
    #: personal data in a consultation's or survey's answers is anonymised this many days after
    #: it closes (and after its archive export); None keeps it (`flask retention run`)
    retention_days: Mapped[int | None] = mapped_column(Integer)
    #: the identity (issue 11): an accent colour "#rrggbb" that keeps WCAG AA contrast both ways
    #: (identity.check_accent); None = Designsystemet's own
    accent_color: Mapped[str | None] = mapped_column(String(7))
    #: the logo, a public StoredFile (no foreign key: stored_files already points here, and a
    #: cycle of keys cannot be created on SQLite); a missing file shows no logo
    logo_file_id: Mapped[int | None] = mapped_column(Integer)
    #: the logo's text alternative (default "<name> kommune"), kept here so that every page
    #: shows the logo without loading the file's row
    logo_alt: Mapped[str | None] = mapped_column(String(300))
    #: the home page's header image, a public StoredFile with its required alt text (no key, as above)
    header_image_id: Mapped[int | None] = mapped_column(Integer)
    #: a short welcome on the home page, bokmål and nynorsk (plain text)
    welcome_nb: Mapped[str | None] = mapped_column(Text)
    welcome_nn: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, server_default=func.now(), onupdate=func.now()
    )

    @property
    def locales(self) -> list[str]:
        return [code for code in self.enabled_locales.split(",") if code]

    @property
    def embed_origin_list(self) -> list[str]:
        return [line.strip() for line in (self.embed_origins or "").splitlines() if line.strip()]

    @property
    def open_data_email(self) -> str | None:
        """The open-data contact, else the privacy contact (the catalogue's contact point)."""
        return self.open_data_contact or self.privacy_contact

    @property
    def display_name(self) -> str:
        """The name residents know: Norwegian and Sami side by side where there is a Sami name."""
        if self.sami_name:
            return f"{self.name} – {self.sami_name}"
        return self.name

    @property
    def style_version(self) -> str | None:
        """A short hash of the accent colour for the stylesheet's URL (it changes with the
        colour, so the stylesheet can be cached for a year); None without a colour."""
        if not self.accent_color:
            return None
        return hashlib.sha256(self.accent_color.encode()).hexdigest()[:10]

    def __repr__(self) -> str:
        return f"<Municipality {self.number} {self.slug}>"
