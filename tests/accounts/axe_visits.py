"""How the axe audit (tests/browser/test_axe.py) visits the account pages that take a token: the
link that confirms a new e-mail address and the link that ends follow mail (valid and not)."""
from __future__ import annotations


def register(visits: dict, not_pages: dict, form_states: list, FormState, Visit) -> None:  # noqa: N803
    from app.core import follows

    visits["accounts.confirm_email_change"] = lambda w: [
        Visit("/konto/ny-epost/ugyldig-lenke", "anonymous", status=400)]
    visits["accounts.unsubscribe"] = lambda w: [
        Visit(f"/konto/avmeld/{follows.unsubscribe_token(w.resident)}", "anonymous"),
        Visit("/konto/avmeld/ugyldig-lenke", "anonymous", status=400)]
    visits["accounts.follows_page"] = lambda w: [Visit("/konto/folger", "resident")]
    form_states += [
        FormState("change e-mail address, wrong password", lambda w: "/konto/endre-epost", {
            "#email": "ny@example.no", "#password": "feil-feil-feil"}, who="resident"),
        FormState("change display name, too short", lambda w: "/konto/endre-navn", {
            "#display_name": "K"}, who="resident"),
    ]
    from tests.accounts.idporten.axe_visits import register as register_idporten

    register_idporten(visits, not_pages, form_states, FormState, Visit)
