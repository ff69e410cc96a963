"""Log-in and linking through ID-porten (OpenID Connect): pages under /konto/idporten/.

Every page is a 404 until ID-porten is configured (app.accounts.idporten.is_configured). The
request under way (state, nonce, PKCE verifier, the level asked for) waits in the signed session
and is taken out at the callback, whatever happens, so a state works once. A subject ID-porten
vouched for but that has no account yet waits there too, until the new-account form is sent.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.accounts import bp, idporten, services
from app.accounts.forms import IdportenSignupForm
from app.accounts.idporten_services import (
    create_linked_account, has_password, link_idporten, log_in_with_idporten, unlink_idporten,
    user_for_sub,
)
from app.accounts.landing import landing_for
from app.accounts.routes import _begin_session, safe_next
from app.core.clock import utcnow
from app.core.forms import ConfirmForm
from app.core.ratelimit import rate_limit
from app.core.tenancy import municipality_for_path
from app.core.views import save

#: session keys: the authorization request under way; a verified subject without an account
PENDING, SIGNUP = "idporten_pending", "idporten_signup"


@bp.app_context_processor
def _idporten_in_templates():
    return {"idporten_enabled": idporten.is_configured, "idporten_has_password": has_password}


def _configured(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not idporten.is_configured():
            abort(404)
        return view(*args, **kwargs)
    return wrapper


def _message(reason: str) -> str:
    if reason == "cancelled":
        return _("You cancelled the log-in with ID-porten. You are not logged in, and nothing "
                 "was saved.")
    if reason in {"state_missing", "state_mismatch", "code_missing", "signup_expired"}:
        return _("The log-in with ID-porten has expired or has been used already. Start again "
                 "from the log-in page.")
    if reason == "acr":
        return _("You logged in with a lower level of security than this service requires. Log "
                 "in again with an electronic ID on a high level, such as BankID, Buypass or "
                 "Commfides.")
    if reason in {"unavailable", "discovery_issuer", "discovery_incomplete", "jwks"}:
        return _("ID-porten cannot be reached right now. Try again later, or log in with your "
                 "e-mail address and password.")
    if reason == "provider_error":
        return _("ID-porten could not log you in. Try again in a little while.")
    if reason == "email_unverified":
        return _("Confirm your e-mail address first. We have sent you a new link.")
    if reason == "inactive":
        return _("You cannot log in with this account.")
    if reason == "session_changed":
        return _("You were no longer logged in to the same account when ID-porten answered. Log "
                 "in and try again.")
    return _("We could not confirm the log-in from ID-porten, so you are not logged in. Start "
             "again from the log-in page.")


def _refused(reason: str, status: int = 400, message: str | None = None):
    """The page that says why; the log gets the reason code and nothing about the person."""
    current_app.logger.warning("ID-porten: refused (%s)", reason)
    title = _("Log-in with ID-porten cancelled") if reason == "cancelled" \
        else _("Log-in with ID-porten failed")
    return render_template("accounts/idporten/refused.html", title=title,
                           message=message or _message(reason)), status


def _start(intent: str, *, municipality=None, next_path: str | None = None, user_id=None):
    """Send the browser to ID-porten with a fresh state, nonce and PKCE verifier."""
    try:
        url, pending = idporten.begin(
            url_for("accounts.idporten_callback", _external=True),
            acr=municipality.idporten_acr if municipality else None,
            onbehalfof=municipality.idporten_onbehalfof if municipality else None,
            locale=str(get_locale()))
    except idporten.Refused as refusal:
        return _refused(refusal.reason, refusal.status)
    session[PENDING] = {**pending, "intent": intent, "next": next_path, "user_id": user_id}
    return redirect(url)


@bp.route("/idporten/logg-inn")
@_configured
def idporten_login():
    """Log in (or create an account) with ID-porten; the level of assurance is the one of the
    municipality in `?kommune=<slug>`, or of the one `next` lies in."""
    next_path = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("accounts.overview"))
    slug = request.args.get("kommune", "")
    municipality = municipality_for_path(f"/{slug}/" if slug else (next_path or "/"))
    return _start("login", municipality=municipality, next_path=next_path)


@bp.route("/idporten/koble-til")
@_configured
@login_required
def idporten_link():
    """Link ID-porten to the signed-in account. A link, not a form: the CSP's `form-action
    'self'` would stop a form's redirect to ID-porten, and nothing is written before the
    resident has logged in at ID-porten and come back to this same session."""
    return _start("link", user_id=current_user.id)


@bp.route("/idporten/retur")
@_configured
def idporten_callback():
    pending = session.pop(PENDING, None)
    try:
        identity = idporten.finish(request.args, pending)
    except idporten.Refused as refusal:
        return _refused(refusal.reason, refusal.status)
    if pending.get("intent") == "link":
        return _finish_link(identity, pending)
    return _finish_login(identity, pending)


def _finish_login(identity: idporten.Identity, pending: dict):
    next_path = safe_next(pending.get("next"))
    user = user_for_sub(identity.sub)
    if user is None:
        session[SIGNUP] = {"sub": identity.sub, "at": int(utcnow().timestamp()), "next": next_path}
        return redirect(url_for("accounts.idporten_signup"))
    if not user.active:
        return _refused("inactive", 403)
    if not user.is_verified:
        save(lambda: services.send_verification(user))
        return _refused("email_unverified", 403)
    form = ConfirmForm(meta={"csrf": False})
    outcome = save(lambda: log_in_with_idporten(user), form=form,
                   success=_("You are logged in with ID-porten."))
    if not outcome:
        return _refused("inactive", 403)
    _begin_session(user, outcome.value)
    return redirect(next_path or landing_for(user) or url_for("network.index"))


def _finish_link(identity: idporten.Identity, pending: dict):
    if not current_user.is_authenticated or current_user.id != pending.get("user_id"):
        return _refused("session_changed", 403)
    form = ConfirmForm(meta={"csrf": False})
    if save(lambda: link_idporten(current_user, identity.sub), form=form,
            success=_("ID-porten is linked to your account. Your account is verified.")):
        return redirect(url_for("accounts.overview"))
    return _refused("link_refused", 403, message=form.form_errors[0])


def _pending_signup() -> dict | None:
    pending = session.get(SIGNUP)
    if not isinstance(pending, dict) or not isinstance(pending.get("sub"), str):
        return None
    age = utcnow().timestamp() - pending.get("at", 0)
    return pending if 0 <= age <= current_app.config["IDPORTEN_SIGNUP_MAX_AGE"] else None


@bp.route("/idporten/ny-konto", methods=["GET", "POST"])
@_configured
@rate_limit("REGISTER_RATE_LIMIT", "10 per hour")
def idporten_signup():
    pending = _pending_signup()
    if pending is None:
        session.pop(SIGNUP, None)
        return _refused("signup_expired", 400)
    form = IdportenSignupForm()
    if form.validate_on_submit() and save(lambda: create_linked_account(
            pending["sub"], form.email.data, form.display_name.data, locale=session.get("lang")),
            form=form):
        session.pop(SIGNUP, None)
        return render_template("accounts/idporten/check_email.html", email=form.email.data,
                               next_path=safe_next(pending.get("next")))
    return render_template("accounts/idporten/signup.html", form=form)


@bp.route("/idporten/koble-fra", methods=["POST"])
@_configured
@login_required
def idporten_unlink():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    save(lambda: unlink_idporten(current_user),
         success=_("ID-porten is no longer linked to your account."))
    return redirect(url_for("accounts.overview"))
