"""Objects for the tenancy and CSRF walks over the sharing routes.

Sharing is the one place where an admin reaches another municipality's item on purpose: the
preview and the copy show an item another active member SHARES. Everything else of another
municipality must stay a 404, so the factory gives an item that is not shared: the walk then
proves that an unshared item cannot be previewed or copied from elsewhere, and that nobody can
share or stop sharing another municipality's item (those two load through get_scoped_or_404).
That a shared item does cross is tested in tests/sharing/test_browsing.py and test_copying.py.
"""
from __future__ import annotations

from tests.tenant_objects import tenant_object
from tests.votes.factories import create_vote


@tenant_object("tenant.sharing.admin_preview", "tenant.sharing.admin_copy",
               "tenant.sharing.admin_share", "tenant.sharing.admin_unshare")
def unshared_vote(municipality, owner):
    vote = create_vote(municipality)
    return {"kind": "avstemning", "item_id": vote.id}
