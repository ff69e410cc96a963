"""Configuration, all read from the environment (see CONTRACT.md)."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; we use psycopg 3.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return f"sqlite:///{INSTANCE_DIR / 'tinget.sqlite3'}"


class Config:
    ENV_NAME = os.environ.get("TINGET_ENV", "production")
    DEBUG = False
    TESTING = False
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SERVER_NAME = os.environ.get("SERVER_NAME") or None

    # Sessions and cookies
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14

    # i18n
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("nb", "nn", "en", "se")

    # Rate limits (Flask-Limiter): memory by default, Redis when REDIS_URL is set.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    #: reports by accounts younger than this (seconds) do not count towards auto-hiding an item
    REPORT_MIN_ACCOUNT_AGE = int(os.environ.get("REPORT_MIN_ACCOUNT_AGE", 24 * 60 * 60))

    # Mail: with no MAIL_SERVER, mails are written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Tinget <ikke-svar@tinget.no>")

    # Account links
    EMAIL_VERIFY_MAX_AGE = 60 * 60 * 24 * 3
    PASSWORD_RESET_MAX_AGE = 60 * 60

    # Uploads live outside static/ and are served by the files area.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    #: images whose header declares more pixels than this are refused before decoding (bombs)
    IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024

    #: how many reverse proxies in front set X-Forwarded-For/-Proto/-Host (0: trust none)
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

    # Open data (app/opendata): the network's own datasets are in the DCAT-AP-NO catalogue only
    # when its publisher (the secretariat's organisation) and a contact address are set.
    OPENDATA_PUBLISHER_ORGNR = os.environ.get("OPENDATA_PUBLISHER_ORGNR") or None
    OPENDATA_PUBLISHER_NAME = os.environ.get("OPENDATA_PUBLISHER_NAME") or None
    OPENDATA_CONTACT_EMAIL = os.environ.get("OPENDATA_CONTACT_EMAIL") or None

    # Machine translation between bokmål and nynorsk (app/core/translation.py): "apertium" uses
    # Debian's apertium-nno-nob when installed; "" turns the feature off.
    TRANSLATION_ENGINE = os.environ.get("TRANSLATION_ENGINE", "apertium")

    # ID-porten (app/accounts/idporten.py) -- block owned by the ID-porten work

    # Privacy and retention (app/privacy) -- block owned by the privacy work

    # Follow and be told (app/core/follows.py) -- block owned by the follow work

    # Caching and several servers (app/core/cache.py) -- block owned by the cache work

    # Mail queue, uploads storage, health and logs -- block owned by the operations work

    # Cookieless forms for anonymous readers (app/core/csrf.py) -- block owned by the cookie work

    # HTTPS
    HSTS_SECONDS = 60 * 60 * 24 * 365


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    MAIL_SERVER = None
    SERVER_NAME = None
    UPLOAD_FOLDER = os.environ.get("TEST_UPLOAD_FOLDER") or \
        os.path.join(os.environ.get("TMPDIR", "/tmp"), f"tinget-test-uploads-{os.getpid()}")


CONFIGS = {"development": DevelopmentConfig, "production": Config, "testing": TestConfig}


def config_for(name: str | None = None) -> type[Config]:
    return CONFIGS[name or os.environ.get("TINGET_ENV", "production")]
