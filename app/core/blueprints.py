"""An area's blueprint whose pages live under two roots: the public pages (`/<k>/horinger/…`)
and the municipality's admin pages (`/<k>/admin/horinger/…`).

Flask gives a blueprint one URL prefix, and a nested admin blueprint would rename the admin
endpoints (`tenant.votes.admin.vote`); so an area keeps one blueprint, one family of endpoint
names, and writes each root once, here: `@bp.public("/<int:vote_id>")`, `@bp.admin("/ny")`.
"""
from __future__ import annotations

from flask import Blueprint


class AreaBlueprint(Blueprint):
    def __init__(self, name: str, import_name: str, *, public_prefix: str, admin_prefix: str,
                 **options):
        super().__init__(name, import_name, **options)
        self.public_prefix = public_prefix
        self.admin_prefix = admin_prefix

    def public(self, rule: str, **options):
        """`route` for a public page: `rule` is relative to the public root."""
        return self.route(self.public_prefix + rule, **options)

    def admin(self, rule: str, **options):
        """`route` for an admin page: `rule` is relative to the admin root."""
        return self.route(self.admin_prefix + rule, **options)
