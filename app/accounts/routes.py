"""Account pages under /konto/: register, verify, log in and out, passwords, language, my
account (name, a new address), what I follow and how often I am mailed, the unsubscribe link."""
from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp, queries, services
from app.accounts.forms import (
    ChangeEmailForm, ChangePasswordForm, DisplayNameForm, FollowForm, FollowFrequencyForm,
    ForgotPasswordForm, LanguageForm, LoginForm, LogoutEverywhereForm, LogoutForm, RegisterForm,
    ResetPasswordForm, UnsubscribeForm,
)
from app.accounts.landing import landing_for
from app.accounts.queries import SESSION_KEY
from app.core import follows
from app.core.extensions import db, login_manager
from app.core.pagination import page_number
from app.core.ratelimit import rate_limit
from app.core.tenancy import MAX_ID
from app.core.views import mark_private, save

#: the default of config.LOGIN_RATE_LIMIT, per address and per e-mail address tried
LOGIN_LIMIT = "10 per minute;50 per hour"


def _email_key() -> str:
    return "login-email:" + queries.normalise_email(request.form.get("email", ""))


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects, and no control
    characters: a CR or LF would end the Location header)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _begin_session(user, secret: str) -> None:
    """Sign the browser in with the new login session; a new CSRF token is made on the next form."""
    login_user(user)
    session[SESSION_KEY] = secret
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    if user.locale:
        session["lang"] = user.locale


def _end_session() -> None:
    logout_user()
    session.pop(SESSION_KEY, None)


def _remember_language(locale: str | None) -> None:
    if locale:
        session["lang"] = locale
    else:
        session.pop("lang", None)


@login_manager.unauthorized_handler
def _unauthorized():
    if request.method not in ("GET", "HEAD"):  # reading a page sets no cookie (issue 14)
        flash(_("Log in to see that page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


@bp.route("/")
@login_required
def overview():
    form = LanguageForm(locale=current_user.locale or "")
    return render_template("accounts/overview.html", form=form, logout_form=LogoutForm(),
                           everywhere_form=LogoutEverywhereForm())


@bp.route("/sprak", methods=["POST"])
@login_required
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and save(
            lambda: services.set_language(current_user, form.locale.data),
            success=_("Your language setting is saved.")):
        _remember_language(form.locale.data)
    return redirect(url_for("accounts.overview"))


@bp.route("/registrer", methods=["GET", "POST"])
@rate_limit("REGISTER_RATE_LIMIT", "10 per hour")
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.overview"))
    form = RegisterForm()
    if form.validate_on_submit() and save(lambda: services.register_user(
            form.email.data, form.display_name.data, form.password.data,
            locale=session.get("lang")), form=form):
        return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.route("/bekreft/<token>")
def verify_email(token: str):
    # A GET that writes: the link in the mail is the only way to prove the address.
    user = queries.user_for_verification_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    save(lambda: services.verify_email(user),
         success=_("Your e-mail address is confirmed. You can log in now."))
    return redirect(url_for("accounts.login"))


@bp.route("/logg-inn", methods=["GET", "POST"])
@rate_limit("LOGIN_RATE_LIMIT", LOGIN_LIMIT)
@rate_limit("LOGIN_RATE_LIMIT", LOGIN_LIMIT, key=_email_key)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("accounts.overview"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form)
    user = services.authenticate(form.email.data, form.password.data)
    if user is None:
        form.form_errors.append(_("The e-mail address or the password is wrong."))
    elif not user.is_verified:
        save(lambda: services.send_verification(user))
        form.form_errors.append(_("Confirm your e-mail address first. We have sent you a new "
                                  "link."))
    elif outcome := save(lambda: services.log_in(user), success=_("You are logged in.")):
        _begin_session(user, outcome.value)
        return redirect(safe_next(form.next.data) or landing_for(user) or url_for("network.index"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logg-ut", methods=["GET", "POST"])
def logout():
    form = LogoutForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if current_user.is_authenticated:
            save(lambda: services.log_out(current_user, session.get(SESSION_KEY)))
        _end_session()
        flash(_("You are logged out."), "success")
        return redirect(url_for("network.index"))
    if not current_user.is_authenticated:
        return redirect(url_for("network.index"))
    return render_template("accounts/logout.html", form=form)


@bp.route("/logg-ut-overalt", methods=["POST"])
@login_required
def logout_everywhere():
    if not LogoutEverywhereForm().validate_on_submit():
        abort(400)
    if save(lambda: services.end_sessions(current_user)):
        _end_session()
        flash(_("You are logged out on all devices."), "success")
    return redirect(url_for("network.index"))


@bp.route("/glemt-passord", methods=["GET", "POST"])
@rate_limit("PASSWORD_RESET_RATE_LIMIT", "5 per hour")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit() and save(
            lambda: services.request_password_reset(form.email.data)):
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/nytt-passord/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = queries.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit() and save(
            lambda: services.reset_password(user, form.password.data), form=form,
            success=_("Your password is changed. You can log in with it now.")):
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/endre-passord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and save(
            lambda: services.change_password(current_user, form.current.data, form.password.data,
                                             keep=session.get(SESSION_KEY)),
            form=form, success=_("Your password is changed. You are logged out on other devices.")):
        return redirect(url_for("accounts.overview"))
    return render_template("accounts/change_password.html", form=form)


# --- my account: name and address ------------------------------------------------------------

@bp.record_once
def _follow_commands(state) -> None:
    """`flask follows tick|digest`, registered with the app that registers this blueprint."""
    state.app.cli.add_command(follows.cli)


@bp.route("/endre-navn", methods=["GET", "POST"])
@login_required
def change_name():
    form = DisplayNameForm(obj=current_user)
    if form.validate_on_submit() and save(
            lambda: services.change_display_name(current_user, form.display_name.data),
            form=form, success=_("Your display name is saved.")):
        return redirect(url_for("accounts.overview"))
    return render_template("accounts/change_name.html", form=form)


@bp.route("/endre-epost", methods=["GET", "POST"])
@login_required
@rate_limit("EMAIL_CHANGE_RATE_LIMIT", "5 per hour", per="user")
def change_email():
    form = ChangeEmailForm()
    if current_user.idporten_sub is not None:
        del form.password  # ID-porten is how this account proves who it is
    if form.validate_on_submit() and save(lambda: services.request_email_change(
            current_user, form.email.data, form.password.data if "password" in form else None),
            form=form):
        return render_template("accounts/check_email.html", change=True,
                               email=queries.normalise_email(form.email.data))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/ny-epost/<token>")
def confirm_email_change(token: str):
    # A GET that writes, like /bekreft/<token>: the link in the mail is the proof.
    found = queries.email_change_for_token(token)
    if found is None or not save(lambda: services.confirm_email_change(*found), success=_(
            "Your e-mail address is changed. Log in with the new address from now on.")):
        return render_template("accounts/link_invalid.html", change=True), 400
    return redirect(url_for("accounts.overview" if current_user.is_authenticated
                            else "accounts.login"))


# --- following --------------------------------------------------------------------------------

@bp.app_template_global()
def follow_state(item) -> SimpleNamespace:
    """What the follow button (macros/follow.html) shows for `item`; one query for a signed-in
    account, none for a visitor."""
    spec = follows.kind_of(item)
    shown = spec is not None and follows.is_followable(item)
    return SimpleNamespace(
        shown=shown, signed_in=current_user.is_authenticated,
        following=shown and follows.is_following(current_user, item),
        action=url_for("accounts.follow", key=spec.key, object_id=item.id) if shown else None)


@bp.route("/folger")
@login_required
def follows_page():
    mark_private()
    form = FollowFrequencyForm(frequency=follows.frequency_of(current_user).value)
    return render_template("accounts/follows.html", form=form, unfollow_form=FollowForm(),
                           page=follows.followed(current_user, page_number()))


@bp.route("/folger/varsling", methods=["POST"])
@login_required
def follow_frequency():
    form = FollowFrequencyForm()
    if form.validate_on_submit():
        save(lambda: services.set_follow_frequency(current_user, form.frequency.data),
             success=_("Your choice of mail is saved."))
    else:
        flash(_("Choose how often you want mail."), "error")
    return redirect(url_for("accounts.follows_page", _anchor="varsling"))


@bp.route("/folg/<key>/<int:object_id>", methods=["POST"])
@login_required
def follow(key: str, object_id: int):
    spec = follows.kind(key)
    if spec is None or not 0 < object_id <= MAX_ID:
        abort(404)
    form = FollowForm()
    if not form.validate_on_submit():
        abort(400)
    if form.want.data == "0":
        save(lambda: follows.unfollow(key, object_id, current_user),
             success=_("You no longer follow it."))
    else:
        item = db.session.get(spec.model, object_id)
        save(lambda: follows.follow(item, current_user),
             success=_("You follow it now. Choose how often we mail you under “Following”."))
    return redirect(safe_next(form.next.data) or url_for("accounts.follows_page"))


@bp.route("/avmeld/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    user = queries.user_for_unsubscribe_token(token)
    if user is None:
        return render_template("accounts/unsubscribe.html", invalid=True), 400
    form = UnsubscribeForm()
    if form.validate_on_submit() and save(lambda: services.unsubscribe(user)):
        return render_template("accounts/unsubscribe.html", done=True)
    return render_template("accounts/unsubscribe.html", form=form)
