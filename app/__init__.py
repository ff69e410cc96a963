"""Tinget: citizen participation for Norwegian municipalities."""
from __future__ import annotations

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import INSTANCE_DIR, config_for


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(config_for(config_name))
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY must be set outside development (export SECRET_KEY=...; see README)."
        )
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        # Client IP (rate limits), scheme (HSTS, Secure links) and host from the proxy's headers.
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    register_errors(app)
    return app


# The areas are imported inside the register_* functions, not at the top: every area imports
# app.core.*, which runs this package's __init__ first (app/__init__ <-> every area), and a
# command that needs one area should not have to load them all.

def register_extensions(app: Flask) -> None:
    from app.core import i18n, pagination
    from app.core import translation  # noqa: F401  (its cache table belongs to the metadata)
    from app.accounts.queries import load_user
    from app.core.extensions import csrf, db, limiter, login_manager, migrate
    from app.core.security import add_security_headers, refuse_nul
    from app.templating import init_templating

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    i18n.init_app(app)
    pagination.init_app(app)
    init_templating(app)
    app.before_request(refuse_nul)
    app.after_request(add_security_headers)
    from app.core import jobs, logs, security, static

    security.init_app(app)
    static.init_app(app)  # hashed static URLs, one stylesheet bundle, gzip (app/core/static.py)

    logs.init_app(app)  # after ProxyFix: the request-id layer is the outermost
    jobs.init_app(app)
    from app.core import cache
    cache.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.core import tenancy
    from app.accounts import bp as accounts_bp
    from app.consultations import bp as consultations_bp
    from app.files import bp as files_bp
    from app.ideas import bp as ideas_bp
    from app.moderation import bp as moderation_bp
    from app.municipalities import bp as municipalities_bp
    from app.network import bp as network_bp
    from app.votes import bp as votes_bp
    from app.surveys import bp as surveys_bp
    from app.embed import bp as embed_bp
    from app.sharing import bp as sharing_bp
    from app.experiences import bp as experiences_bp
    from app.search import bp as search_bp
    from app.figures import bp as figures_bp, network_bp as figures_network_bp
    from app.secretariat import bp as secretariat_bp
    from app.api import bp as api_bp
    from app.opendata import bp as opendata_bp, tenant_bp as opendata_tenant_bp
    from app.privacy import bp as privacy_bp, tenant_bp as privacy_tenant_bp
    from app.work import register as register_work

    tenancy.bp.register_blueprint(municipalities_bp)
    tenancy.bp.register_blueprint(files_bp)
    tenancy.bp.register_blueprint(consultations_bp)
    tenancy.bp.register_blueprint(surveys_bp)
    app.register_blueprint(embed_bp)
    tenancy.bp.register_blueprint(ideas_bp)
    tenancy.bp.register_blueprint(moderation_bp)
    tenancy.bp.register_blueprint(votes_bp)
    tenancy.bp.register_blueprint(sharing_bp)
    tenancy.bp.register_blueprint(experiences_bp)
    tenancy.bp.register_blueprint(figures_bp)
    tenancy.bp.register_blueprint(opendata_tenant_bp)
    tenancy.bp.register_blueprint(privacy_tenant_bp)
    register_work(app, tenancy.bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(figures_network_bp)
    app.register_blueprint(secretariat_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(opendata_bp)
    app.register_blueprint(network_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(tenancy.bp)


def register_cli(app: Flask) -> None:
    from app.cli import register

    register(app)


def register_errors(app: Flask) -> None:
    from app.core.errors import register

    register(app)
