"""Objects for the tenancy and CSRF walks over the URL map."""
from __future__ import annotations

from tests.experiences.factories import finished_item, make_experience
from tests.tenant_objects import tenant_object


@tenant_object("tenant.experiences.detail", "tenant.experiences.admin_edit",
               "tenant.experiences.admin_publish", "tenant.experiences.admin_unpublish",
               "tenant.experiences.admin_delete")
def published_experience(municipality, owner):
    """A published experience of a concluded consultation."""
    item = finished_item(municipality, "consultation")
    return {"experience_id": make_experience(municipality, item).id}


@tenant_object("tenant.experiences.admin_new")
def finished_consultation(municipality, owner):
    """A concluded consultation without an experience."""
    return {"kind": "consultation", "item_id": finished_item(municipality, "consultation").id}
