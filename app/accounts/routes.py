from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import bp, services
from app.accounts.forms import (
    ChangePasswordForm, ForgotPasswordForm, LanguageForm, LoginForm, LogoutForm, RegisterForm,
    ResetPasswordForm,
)
from app.core.extensions import db, limiter, login_manager


def _login_rate_limit():
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


def _email_key() -> str:
    return "login-email:" + services.normalise_email(request.form.get("email", ""))


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@login_manager.unauthorized_handler
def _unauthorized():
    flash(_("Log in to see that page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


@bp.route("/")
@login_required
def overview():
    form = LanguageForm(locale=current_user.locale or "")
    return render_template("accounts/overview.html", form=form, logout_form=LogoutForm())


@bp.route("/sprak", methods=["POST"])
@login_required
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        services.set_language(current_user, form.locale.data)
        db.session.commit()
        if form.locale.data:
            session["lang"] = form.locale.data
        else:
            session.pop("lang", None)
        flash(_("Your language setting is saved."), "success")
    return redirect(url_for("accounts.overview"))


@bp.route("/registrer", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.overview"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.register_user(form.email.data, form.display_name.data, form.password.data,
                                   locale=session.get("lang"))
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            return render_template("accounts/check_email.html", email=form.email.data)
    return render_template("accounts/register.html", form=form)


@bp.route("/bekreft/<token>")
def verify_email(token: str):
    user = services.verify_email(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    db.session.commit()
    flash(_("Your e-mail address is confirmed. You can log in now."), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/logg-inn", methods=["GET", "POST"])
@limiter.limit(_login_rate_limit, methods=["POST"])
@limiter.limit(_login_rate_limit, methods=["POST"], key_func=_email_key)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("accounts.overview"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("The e-mail address or the password is wrong."))
        elif not user.is_verified:
            services.send_verification(user)
            db.session.commit()
            form.form_errors.append(_("Confirm your e-mail address first. We have sent you a new "
                                      "link."))
        else:
            login_user(user)
            services.record_login(user)
            db.session.commit()
            if user.locale:
                session["lang"] = user.locale
            flash(_("You are logged in."), "success")
            return redirect(safe_next(form.next.data) or url_for("network.index"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logg-ut", methods=["GET", "POST"])
def logout():
    form = LogoutForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        logout_user()
        flash(_("You are logged out."), "success")
        return redirect(url_for("network.index"))
    if not current_user.is_authenticated:
        return redirect(url_for("network.index"))
    return render_template("accounts/logout.html", form=form)


@bp.route("/glemt-passord", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/nytt-passord/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your password is changed. You can log in with it now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/endre-passord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AccountError as error:
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            flash(_("Your password is changed."), "success")
            return redirect(url_for("accounts.overview"))
    return render_template("accounts/change_password.html", form=form)
