"""Moderation: one queue per municipality for everything residents write.

Ideas and their comments go through it now; consultation answers (høringssvar) and free-text
survey answers are meant to plug in the same way. A moderated content type needs four things:

1. **The mixin.** The model inherits `TenantMixin` and `ModeratedMixin` (app/moderation/models.py)::

       class Answer(TenantMixin, ModeratedMixin, db.Model):
           __tablename__ = "consultation_answers"
           id = ...; author_id = ...  # FK users.id
           created_at = ...           # UTCDateTime

   `ModeratedMixin` adds `moderation_state` (`ModerationState`: pending, published, rejected,
   hidden), `moderated_at` and `hidden_by_reports`. Set the first state with
   `initial_state(municipality)`: pending under pre-moderation, published under post-moderation.
   Public pages show only `moderation_state == published` (`ModeratedMixin.is_public`).

2. **Registration**, once, at import time of the area (e.g. in its models.py)::

       from app.moderation.registry import register_type
       register_type(
           Answer, label=_l("Consultation answer"),
           title=lambda a: a.consultation.title,       # a heading for the queue
           body_html=lambda a: a.body_html,            # the content, already sanitised
           public_url=lambda a: url_for("tenant.consultations.detail", consultation_id=...),
           on_decided=None,                            # optional hook(item, decision)
           parent_public=lambda a: a.consultation.is_published,  # optional: shown inside a parent
       )

   The type's key is the class name in lower case ("answer"): it appears in URLs
   (`/<k>/moderering/answer/<id>`), in reports and in the audit log (`object_type`), so keep the
   class name stable.

3. **Entering the queue.** After creating (or re-submitting) an item call
   `services.item_submitted(item, municipality)`: it mails the moderators (at most once an hour)
   when the item waits for pre-moderation. An item waits in the queue while it is pending or
   has open reports. Reports go through the generic report
   page `tenant.moderation.report` (`/<k>/moderering/meld/<key>/<id>`); link to it from the
   content page with `url_for("tenant.moderation.report", type_key="answer", object_id=a.id)`.

4. **Nothing else.** The queue (`tenant.moderation.queue`), the item page with its actions, bulk
   actions, `services.decide(item, moderator, decision, reason)`, the report threshold, blocking,
   the audit log and its CSV export, and the e-mails to authors and moderators all work through
   the registry.

Decisions (`Decision`): approve (pending -> published), reject (pending -> rejected), hide
(published -> hidden), restore (hidden or rejected -> published) and dismiss (closes open reports;
an item hidden by the report threshold is published again). Every decision is kept as a
`ModerationDecision` (the item's history), written to the append-only audit log
(`moderation.<decision>`, before/after state, reason) and mailed to the author with its reason.

Permissions are pure predicates in `permissions.py`: `can_moderate` (moderators and admins of the
municipality), `can_read_audit_log` (admins), `can_post(user, municipality)` (signed in, verified,
not blocked there) and `can_see(user, item)`.
"""
from flask import Blueprint

bp = Blueprint("moderation", __name__, url_prefix="/moderering")

from app.moderation import routes  # noqa: E402,F401
