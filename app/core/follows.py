"""Follow an idea, a consultation or a vote, and be told by mail when it changes.

An item area says once what can be followed, with one line in its services module:
`register(Idea, "idea", "tenant.ideas.detail", "idea_id", is_public=...)`; `timed` names the
item's moments that are news by themselves (`opened`: `opens_at`, `closed`: `closes_at`).
Where a public change happens, its service calls `changed(obj, what, actor=...)`: the change is
stored as a `FollowEvent` and mailed at once to the followers who want mail immediately, in their
own language, never to the one who made it. Followers who chose a daily digest get one mail per
day (`flask follows digest`); "never" sends nothing. Moments that pass by themselves (a vote
opens, a deadline passes) are found by `flask follows tick` (run it every few minutes) and told
the same way. Nothing is told about an item that is not public (pending, hidden, a draft).

Every mail carries a signed link that ends all follow mail without logging in
(`unsubscribe_token`). Core imports no area: the tenant model comes through `app.core.tenancy`.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable

import click
from flask import current_app, url_for
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import (
    Enum, ForeignKey, Index, Integer, String, UniqueConstraint, and_, exists, func, or_, select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import tenancy
from app.core.clock import UTCDateTime, utcnow
from app.core.errors import ServiceError
from app.core.extensions import db
from app.core.i18n import WRITTEN_FORMS, localized
from app.core.mail import external_url, queue_mail
from app.core.pagination import paginate

UNSUBSCRIBE_SALT = "follows-unsubscribe"


class Frequency(enum.Enum):
    immediately = "immediately"
    daily = "daily"
    never = "never"


class FollowError(ServiceError):
    """A follow the service refuses; the message is safe to show."""


# --- what can be followed ----------------------------------------------------------------------

@dataclass(frozen=True)
class Followable:
    model: type
    #: the kind in URLs and in the tables: "idea", "consultation", "vote"
    key: str
    endpoint: str
    id_arg: str
    is_public: Callable[[Any], bool]
    #: moments that are news by themselves: "opened" (opens_at) and/or "closed" (closes_at)
    timed: tuple[str, ...] = ()


_TYPES: dict[str, Followable] = {}
TIMED_COLUMNS = {"opened": "opens_at", "closed": "closes_at"}


def register(model: type, key: str, endpoint: str, id_arg: str, *,
             is_public: Callable[[Any], bool], timed: Iterable[str] = ()) -> None:
    """Make `model` followable (an item area calls this once, in its services module)."""
    _TYPES[key] = Followable(model, key, endpoint, id_arg, is_public, tuple(timed))


def kind(key: str) -> Followable | None:
    return _TYPES.get(key)


def kind_of(obj) -> Followable | None:
    return next((spec for spec in _TYPES.values() if isinstance(obj, spec.model)), None)


def _municipality(municipality_id: int):
    return db.session.get(tenancy._tenant, municipality_id)  # the registered tenant model


def is_followable(obj) -> bool:
    """A registered item that is public now, in an active municipality."""
    spec = kind_of(obj)
    if spec is None or not spec.is_public(obj):
        return False
    municipality = _municipality(obj.municipality_id)
    return municipality is not None and municipality.is_active


# --- the tables --------------------------------------------------------------------------------

class Follow(tenancy.TenantMixin, db.Model):
    """One account follows one item."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "object_type", "object_id"),
                      Index("ix_follows_object", "object_type", "object_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: a registered key: "idea", "consultation", "vote"
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    #: changes before this moment are not told to this follower
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    #: the account model by name (core imports no area)
    user = relationship("User", lazy="joined")


class FollowEvent(tenancy.TenantMixin, db.Model):
    """A public change of a followed item, kept for the daily digests."""

    __tablename__ = "follow_events"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "once"),
                      Index("ix_follow_events_object", "object_type", "object_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int] = mapped_column(Integer)
    #: "answered" (ideas), "concluded", "opened", "closed"
    what: Mapped[str] = mapped_column(String(20))
    #: a public value that goes with it (an idea's new status)
    detail: Mapped[str | None] = mapped_column(String(40))
    #: set for a change that happens once per item (timed moments): unique with the item
    once: Mapped[str | None] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class FollowSetting(db.Model):
    """How often an account wants mail about what it follows (no row: immediately)."""

    __tablename__ = "follow_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    frequency: Mapped[Frequency] = mapped_column(
        Enum(Frequency, name="follow_frequency", native_enum=False, length=16),
        default=Frequency.immediately)
    #: the last FollowEvent id a daily digest has covered
    digest_upto: Mapped[int] = mapped_column(Integer, default=0)
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship("User", lazy="joined")


# --- following ---------------------------------------------------------------------------------

def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_following(user, obj) -> bool:
    """One query for a signed-in account; none for a visitor."""
    spec = kind_of(obj)
    if spec is None or not _signed_in(user):
        return False
    return db.session.scalar(select(Follow.id).where(
        Follow.user_id == user.id, Follow.object_type == spec.key,
        Follow.object_id == obj.id)) is not None


def follow(obj, user) -> Follow:
    """Follow a public item (following it again changes nothing). Refuses visitors and items
    that are not public."""
    if not _signed_in(user):
        raise FollowError(_l("Log in to follow."))
    if not is_followable(obj):
        raise FollowError(_l("This cannot be followed."))
    spec = kind_of(obj)
    where = (Follow.user_id == user.id, Follow.object_type == spec.key, Follow.object_id == obj.id)
    existing = db.session.scalar(select(Follow).where(*where))
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            row = Follow(user_id=user.id, municipality_id=obj.municipality_id,
                         object_type=spec.key, object_id=obj.id, created_at=utcnow())
            db.session.add(row)
    except IntegrityError:  # the same follow from another window at the same moment
        return db.session.scalar(select(Follow).where(*where))
    return row


def unfollow(key: str, object_id: int, user) -> bool:
    """Stop following; False when the account did not follow it."""
    row = db.session.scalar(select(Follow).where(
        Follow.user_id == user.id, Follow.object_type == key, Follow.object_id == object_id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def setting_of(user) -> FollowSetting | None:
    return db.session.get(FollowSetting, user.id)


def frequency_of(user) -> Frequency:
    setting = setting_of(user)
    return setting.frequency if setting else Frequency.immediately


def set_frequency(user, frequency: Frequency) -> FollowSetting:
    """How often the account is mailed. A daily digest starts from now: earlier changes are
    not collected into the first one."""
    setting = setting_of(user)
    if setting is None:
        setting = FollowSetting(user_id=user.id, frequency=Frequency.immediately, digest_upto=0)
        db.session.add(setting)
    if frequency is Frequency.daily and setting.frequency is not Frequency.daily:
        setting.digest_upto = db.session.scalar(select(func.max(FollowEvent.id))) or 0
    setting.frequency = frequency
    db.session.flush()
    return setting


def followed(user, page: int, per_page: int = 20):
    """One page of what the account follows, newest first: a Page of `Listed`."""
    result = paginate(select(Follow).where(Follow.user_id == user.id)
                      .order_by(Follow.created_at.desc(), Follow.id.desc()), page, per_page)
    items = _load([(row.object_type, row.object_id) for row in result.items])
    result.items = [_listed(row, items.get((row.object_type, row.object_id)))
                    for row in result.items]
    return result


@dataclass
class Listed:
    """A followed item as the list shows it; `item` is None when it is gone or not public."""

    follow: Follow
    item: Any
    key: str
    title: Any = None
    url: str | None = None
    municipality: Any = None


def title_of(obj, form: str | None = None):
    """An item's title: a LocalText in the reader's (or `form`'s) written form, or the text
    its author wrote."""
    return localized(obj, "title", form) if hasattr(obj, "title_nb") else obj.title


def _listed(row: Follow, obj) -> Listed:
    if obj is None:
        return Listed(row, None, row.object_type)
    spec, municipality = kind(row.object_type), _municipality(obj.municipality_id)
    return Listed(row, obj, spec.key, title_of(obj), url_for(
        spec.endpoint, municipality=municipality.slug, **{spec.id_arg: obj.id}), municipality)


def _load(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Any]:
    """The public items named by (key, id): one query per kind."""
    wanted: dict[str, set[int]] = {}
    for key, object_id in pairs:
        wanted.setdefault(key, set()).add(object_id)
    found = {}
    for key, ids in wanted.items():
        spec = kind(key)
        if spec is None:
            continue
        for obj in db.session.scalars(select(spec.model).where(spec.model.id.in_(ids))):
            if is_followable(obj):
                found[(key, obj.id)] = obj
    return found


# --- telling -----------------------------------------------------------------------------------

def changed(obj, what: str, actor=None, detail: str | None = None) -> FollowEvent | None:
    """The hook item services call after a public change (`what`: "answered", "concluded", …;
    `detail`: a public value such as the new status). Stores the change and mails the followers
    who want it at once; nothing when the item is not public."""
    if not is_followable(obj):
        return None
    event = FollowEvent(municipality_id=obj.municipality_id, object_type=kind_of(obj).key,
                        object_id=obj.id, what=what, detail=detail,
                        actor_id=getattr(actor, "id", None), occurred_at=utcnow())
    db.session.add(event)
    db.session.flush()
    _mail_now(event, obj)
    return event


def _mail_now(event: FollowEvent, obj) -> int:
    frequency = func.coalesce(FollowSetting.frequency, Frequency.immediately.value)
    query = (select(Follow).outerjoin(FollowSetting, FollowSetting.user_id == Follow.user_id)
             .where(Follow.object_type == event.object_type, Follow.object_id == event.object_id,
                    Follow.created_at <= event.occurred_at,
                    frequency == Frequency.immediately.value))
    if event.actor_id is not None:
        query = query.where(Follow.user_id != event.actor_id)
    users = [row.user for row in db.session.scalars(query).unique()]
    for user in users:
        entry = _entry(user, event, obj)
        queue_mail(user, _l("News about “%(title)s”", title=entry["title"]),
                   "follows/mail/changed.txt", entry=entry, **_links(user))
    return len(users)


def _entry(user, event: FollowEvent, obj) -> dict:
    """What a mail says about one change, in the reader's written form."""
    spec = kind(event.object_type)
    municipality = _municipality(obj.municipality_id)
    form = user.locale if user.locale in WRITTEN_FORMS else municipality.default_locale
    title = str(title_of(obj, form))
    url = external_url(spec.endpoint, municipality=municipality.slug, **{spec.id_arg: obj.id})
    return {"kind": spec.key, "what": event.what, "detail": event.detail, "title": title,
            "url": url, "municipality": municipality.name, "when": event.occurred_at}


def _links(user) -> dict:
    return {"unsubscribe_url": external_url("accounts.unsubscribe", token=unsubscribe_token(user)),
            "settings_url": external_url("accounts.follows_page")}


def record_timed_changes(now: datetime | None = None) -> int:
    """Store (once) and tell the moments that passed by themselves: a followed vote opened, a
    followed consultation or vote closed. Returns how many changes were found."""
    now = now or utcnow()
    found = 0
    for spec in _TYPES.values():
        for what in spec.timed:
            model = spec.model
            moment = getattr(model, TIMED_COLUMNS[what])
            told = exists().where(FollowEvent.object_type == spec.key,
                                  FollowEvent.object_id == model.id, FollowEvent.once == what)
            followed_ = exists().where(Follow.object_type == spec.key, Follow.object_id == model.id)
            for obj in db.session.scalars(select(model).where(
                    model.published_at.is_not(None), moment <= now, followed_, ~told)):
                if not is_followable(obj):
                    continue
                event = FollowEvent(municipality_id=obj.municipality_id, object_type=spec.key,
                                    object_id=obj.id, what=what, once=what,
                                    occurred_at=getattr(obj, TIMED_COLUMNS[what]))
                db.session.add(event)
                db.session.flush()
                _mail_now(event, obj)
                found += 1
    return found


def digest_recipients() -> list[int]:
    """Ids of the accounts with a daily digest that have changes not yet sent."""
    newer = exists().where(
        FollowEvent.id > FollowSetting.digest_upto, Follow.user_id == FollowSetting.user_id,
        Follow.object_type == FollowEvent.object_type, Follow.object_id == FollowEvent.object_id)
    return list(db.session.scalars(select(FollowSetting.user_id).where(
        FollowSetting.frequency == Frequency.daily, newer).order_by(FollowSetting.user_id)))


def send_digest(user, upto: int | None = None, now: datetime | None = None) -> int:
    """Mail the account one digest of the changes since its last one (up to event `upto`), and
    remember how far it got, so a second run sends nothing new. Returns how many changes the mail
    told (0: no mail). Only public items, and never the account's own changes."""
    setting = setting_of(user)
    if setting is None or setting.frequency is not Frequency.daily:
        return 0
    upto = upto if upto is not None else (db.session.scalar(select(func.max(FollowEvent.id))) or 0)
    events = db.session.scalars(
        select(FollowEvent).join(Follow, and_(
            Follow.object_type == FollowEvent.object_type,
            Follow.object_id == FollowEvent.object_id, Follow.user_id == user.id))
        .where(FollowEvent.id > setting.digest_upto, FollowEvent.id <= upto,
               Follow.created_at <= FollowEvent.occurred_at,
               or_(FollowEvent.actor_id.is_(None), FollowEvent.actor_id != user.id))
        .order_by(FollowEvent.occurred_at, FollowEvent.id)).all()
    items = _load((event.object_type, event.object_id) for event in events)
    entries = [_entry(user, event, items[(event.object_type, event.object_id)])
               for event in events if (event.object_type, event.object_id) in items]
    setting.digest_upto = max(setting.digest_upto, upto)
    setting.digest_sent_at = now or utcnow()
    if entries and user.active:
        queue_mail(user, _l("What changed in what you follow on Tinget"),
                   "follows/mail/digest.txt", entries=entries, **_links(user))
    db.session.flush()
    return len(entries) if user.active else 0


# --- the link that ends the mail -----------------------------------------------------------------

def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user) -> str:
    return _serializer().dumps({"u": user.id})


def user_id_for_unsubscribe_token(token: str) -> int | None:
    """The account id of a valid, unexpired unsubscribe link, or None."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["FOLLOW_UNSUBSCRIBE_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"]


# --- the command line ----------------------------------------------------------------------------

cli = AppGroup("follows", help="Mail what changed in what people follow.")


@cli.command("tick")
def tick_command() -> None:
    """Tell the moments that passed by themselves (run it every few minutes)."""
    found = record_timed_changes()
    db.session.commit()
    click.echo(f"{found} change(s) found and told.")


@cli.command("digest")
def digest_command() -> None:
    """Send each daily follower one mail with what changed since the last digest."""
    record_timed_changes()
    db.session.commit()
    upto = db.session.scalar(select(func.max(FollowEvent.id))) or 0
    recipients, sent = digest_recipients(), 0
    with click.progressbar(recipients, label="Digests") as bar:
        for user_id in bar:
            if send_digest(db.session.get(FollowSetting, user_id).user, upto):
                sent += 1
            db.session.commit()  # one commit per person: a crash never sends a digest twice
    click.echo(f"{sent} digest(s) sent.")
