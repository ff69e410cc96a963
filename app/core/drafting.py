"""Machine drafts of a municipality's texts in the other written form, and their review.

An admin writes a consultation, vote or survey in bokmål (or nynorsk); `draft_other_form` fills the
other form's empty fields with a machine translation (app/core/translation.py) and records on the
item which form is a machine draft. Until an admin has read it (`mark_reviewed`), the item cannot be
published (`check_publishable`, called by each area's publish service): a machine draft is never
published unreviewed. The published item keeps the record (`machine_drafted`, `draft_reviewed_at`,
`draft_reviewed_by_id`), and its pages say that the text was machine-drafted and reviewed.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.core.clock import UTCDateTime, utcnow
from app.core.errors import ServiceError
from app.core.translation import TranslationUnavailable, can_translate, translate_texts

OTHER_FORM = {"nb": "nn", "nn": "nb"}


class DraftError(ServiceError):
    """No engine, nothing to translate, or an unreviewed draft in the way of publishing."""


class MachineDrafted:
    """Columns for an item whose texts have an `_nb` and an `_nn` form."""

    #: the written form ("nb" or "nn") whose texts were drafted by machine; None = written by people
    machine_drafted: Mapped[str | None] = mapped_column(String(2), nullable=True)
    #: when an admin confirmed having read (and corrected) the machine draft
    draft_reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    @declared_attr
    def draft_reviewed_by_id(cls) -> Mapped[int | None]:  # noqa: N805
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @property
    def needs_review(self) -> bool:
        """A machine draft nobody has reviewed yet."""
        return self.machine_drafted is not None and self.draft_reviewed_at is None


def draft_source(texts: Iterable[tuple[object, str]]) -> str | None:
    """The written form to draft from: the one that has texts where the other form is empty;
    None when neither or both have such texts (then the admin chooses by hand)."""
    gaps = {form: 0 for form in OTHER_FORM}
    for obj, field in texts:
        for form, other in OTHER_FORM.items():
            if (getattr(obj, f"{field}_{form}") or "").strip() and \
                    not (getattr(obj, f"{field}_{other}") or "").strip():
                gaps[form] += 1
    found = [form for form, count in gaps.items() if count]
    return found[0] if len(found) == 1 else None


def source_to_draft(item: MachineDrafted, texts: Iterable[tuple[object, str]], *,
                    replace: bool = False) -> str:
    """The written form a draft of `item` is made from: with `replace`, the source of its
    unreviewed draft (refused when there is none); else `draft_source(texts)` (refused when
    neither or both forms have texts to draft from)."""
    if replace:
        if not item.needs_review:
            raise DraftError(_l("There is no unreviewed machine draft to replace."))
        return OTHER_FORM[item.machine_drafted]
    source = draft_source(texts)
    if source is None:
        raise DraftError(_l("There is nothing to draft: write the texts in bokmål or in nynorsk "
                            "and leave the other written form empty."))
    return source


def draft_other_form(item: MachineDrafted, texts: Iterable[tuple[object, str]], source: str,
                     *, replace: bool = False) -> int:
    """Fill the other written form of each (object, field) in `texts` from its `source` form:
    `obj.<field>_<target>` from `obj.<field>_<source>`; only empty targets unless `replace`.
    All texts go to the engine in one call (a 40-text survey: about a second, not a minute).
    Marks `item` as machine-drafted and unreviewed. Returns how many fields were drafted."""
    target = OTHER_FORM.get(source)
    if target is None or not can_translate(source, target):
        raise DraftError(_l("Machine translation is not available."))
    todo = []
    for obj, field in texts:
        original = getattr(obj, f"{field}_{source}") or ""
        if original.strip() and (replace or not getattr(obj, f"{field}_{target}")):
            todo.append((obj, field, original))
    if not todo:
        raise DraftError(_l("There was nothing to translate: the other written form is already "
                            "filled in, or the texts are empty."))
    try:
        drafts = translate_texts([original for _, _, original in todo], source, target)
    except TranslationUnavailable as error:
        raise DraftError(_l("Machine translation failed. Try again, or write the text yourself.")) \
            from error
    for (obj, field, _), draft in zip(todo, drafts):
        setattr(obj, f"{field}_{target}", draft)
    item.machine_drafted = target
    item.draft_reviewed_at = None
    item.draft_reviewed_by_id = None
    return len(todo)


def mark_reviewed(item: MachineDrafted, actor) -> None:
    """An admin has read the machine draft (and corrected what needed it)."""
    if item.machine_drafted is None:
        raise DraftError(_l("There is no machine draft to review."))
    item.draft_reviewed_at = utcnow()
    item.draft_reviewed_by_id = getattr(actor, "id", None)


def check_publishable(item: MachineDrafted) -> None:
    """Refuses to publish an item whose machine draft nobody has reviewed."""
    if item.needs_review:
        raise DraftError(_l("Read through the machine-translated text and confirm it before you "
                            "publish."))
