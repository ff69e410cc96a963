from __future__ import annotations

import itertools

from app.accounts.models import Role
from app.accounts.services import create_user
from app.core.extensions import db
from app.moderation.models import (
    Block, DiscountedReporter, ModerationState, Report, ReportReason,
)
from tests.conftest import PASSWORD
from tests.ideas.factories import create_idea
from tests.tenant_objects import tenant_object

_n = itertools.count(1)


@tenant_object("tenant.moderation.item", "tenant.moderation.block", "tenant.moderation.report")
def reported_idea(municipality, owner):
    author = create_user(f"forfatter-{next(_n)}@example.no", PASSWORD,
                         municipality=municipality, role=Role.resident)
    idea = create_idea(municipality, author, state=ModerationState.published)
    return {"type_key": "idea", "object_id": idea.id}


@tenant_object("tenant.moderation.unblock")
def block(municipality, owner):
    user = create_user(f"blokkert-{next(_n)}@example.no", PASSWORD,
                       municipality=municipality, role=Role.resident)
    entry = Block(municipality_id=municipality.id, user_id=user.id, blocked_by_id=owner.id)
    db.session.add(entry)
    db.session.commit()
    return {"block_id": entry.id}


@tenant_object("tenant.moderation.discount", "tenant.moderation.count_again")
def discounted_reporter(municipality, owner):
    author = create_user(f"forfatter-{next(_n)}@example.no", PASSWORD,
                         municipality=municipality, role=Role.resident)
    reporter = create_user(f"melder-{next(_n)}@example.no", PASSWORD,
                           municipality=municipality, role=Role.resident)
    idea = create_idea(municipality, author, state=ModerationState.published)
    db.session.add_all([
        Report(municipality_id=municipality.id, object_type="idea", object_id=idea.id,
               reporter_id=reporter.id, reason=ReportReason.spam),
        DiscountedReporter(municipality_id=municipality.id, user_id=reporter.id)])
    db.session.commit()
    return {"user_id": reporter.id}
