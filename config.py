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
    #: https://idporten.no or https://test.idporten.no (discovery at <issuer>/.well-known/...);
    #: ID-porten log-in is off (no button, pages 404) until this and the client id are set
    IDPORTEN_ISSUER = os.environ.get("IDPORTEN_ISSUER") or None
    IDPORTEN_CLIENT_ID = os.environ.get("IDPORTEN_CLIENT_ID") or None
    IDPORTEN_CLIENT_SECRET = os.environ.get("IDPORTEN_CLIENT_SECRET") or None
    #: client_secret_basic, client_secret_post, or private_key_jwt (with the key file and its kid)
    IDPORTEN_TOKEN_AUTH_METHOD = os.environ.get("IDPORTEN_TOKEN_AUTH_METHOD", "client_secret_basic")
    IDPORTEN_CLIENT_KEY_FILE = os.environ.get("IDPORTEN_CLIENT_KEY_FILE") or None
    IDPORTEN_CLIENT_KEY_ID = os.environ.get("IDPORTEN_CLIENT_KEY_ID") or None
    IDPORTEN_SCOPES = os.environ.get("IDPORTEN_SCOPES", "openid profile")
    #: seconds the discovery document and keys are kept in the process
    IDPORTEN_DISCOVERY_TTL = int(os.environ.get("IDPORTEN_DISCOVERY_TTL", 24 * 60 * 60))
    #: seconds a resident has to fill in the new-account form after ID-porten
    IDPORTEN_SIGNUP_MAX_AGE = int(os.environ.get("IDPORTEN_SIGNUP_MAX_AGE", 30 * 60))

    # Privacy and retention (app/privacy) -- block owned by the privacy work
    #: tries at deleting one's own account (each asks for the password), per account
    DELETE_ACCOUNT_RATE_LIMIT = os.environ.get("DELETE_ACCOUNT_RATE_LIMIT", "10 per hour")

    # Follow and be told (app/core/follows.py) -- block owned by the follow work
    #: seconds the link that ends follow mail works (signed, sent in every follow mail)
    FOLLOW_UNSUBSCRIBE_MAX_AGE = int(os.environ.get("FOLLOW_UNSUBSCRIBE_MAX_AGE", 60 * 60 * 24 * 90))
    #: seconds the link that confirms a new e-mail address works
    EMAIL_CHANGE_MAX_AGE = int(os.environ.get("EMAIL_CHANGE_MAX_AGE", 60 * 60 * 24))

    # Caching and several servers (app/core/cache.py) -- block owned by the cache work
    #: page cache for anonymous readers: "auto" (Redis with REDIS_URL, else this process's memory;
    #: off in testing, where a test turns it on), "redis", "memory" or "off"
    PAGE_CACHE = os.environ.get("PAGE_CACHE", "auto")
    #: seconds a page is kept, at most 600 (anonymous forms carry a CSRF token valid for hours)
    PAGE_CACHE_TTL = max(1, min(int(os.environ.get("PAGE_CACHE_TTL", "180")), 600))
    #: answer page-cache hits before Flask (app/core/cache/fast.py); "0" sends them through Flask
    PAGE_CACHE_FAST = os.environ.get("PAGE_CACHE_FAST", "1")
    #: bounds of the memory cache (per process): pages, and megabytes of page bodies
    PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "2000"))
    PAGE_CACHE_MAX_MB = int(os.environ.get("PAGE_CACHE_MAX_MB", "64"))
    #: fragments (idea cards per language) kept by what they show (app/core/cache/fragments.py):
    #: "auto" (Redis with REDIS_URL, else this process's memory; in testing too), "redis",
    #: "memory" or "off"; seconds one is kept; bounds of the memory store (per process)
    FRAGMENT_CACHE = os.environ.get("FRAGMENT_CACHE", "auto")
    FRAGMENT_CACHE_TTL = max(1, int(os.environ.get("FRAGMENT_CACHE_TTL", "3600")))
    FRAGMENT_CACHE_MAX_ENTRIES = int(os.environ.get("FRAGMENT_CACHE_MAX_ENTRIES", "20000"))
    FRAGMENT_CACHE_MAX_MB = int(os.environ.get("FRAGMENT_CACHE_MAX_MB", "32"))
    #: seconds the network's totals on its front page are kept per process (counting reads every
    #: row); while the page cache is on a change shows at once. 0: counted on every request
    NETWORK_FIGURES_SECONDS = int(os.environ.get("NETWORK_FIGURES_SECONDS", "60"))
    #: prefix of this installation's keys in Redis (two installations may share one Redis)
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "tinget:")

    # Mail queue, uploads storage, health and logs -- block owned by the operations work
    #: how mail leaves after the commit: "inline" (same thread), "thread" (a worker thread per
    #: process) or "rq" (queue "mail" on REDIS_URL); unset: rq with REDIS_URL, else thread
    #: (inline when TESTING). See app/core/jobs.py.
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY") or None
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    #: seconds before the first retry, doubled each time (at most an hour)
    MAIL_RETRY_SECONDS = float(os.environ.get("MAIL_RETRY_SECONDS", "60"))
    MAIL_SWEEP_SECONDS = float(os.environ.get("MAIL_SWEEP_SECONDS", "30"))
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_KEEP_SENT_DAYS = int(os.environ.get("MAIL_KEEP_SENT_DAYS", "7"))
    #: uploads: S3-compatible storage when S3_BUCKET is set, else the folder UPLOAD_FOLDER
    S3_BUCKET = os.environ.get("S3_BUCKET") or None
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    S3_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID") or None
    S3_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY") or None
    S3_REGION = os.environ.get("S3_REGION") or None
    #: "json" (one object a line; default outside development and testing) or "text"
    LOG_FORMAT = os.environ.get("LOG_FORMAT") or None
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    #: put the client's address in the request log lines (off: no personal data in the logs)
    LOG_CLIENT_IP = _bool("LOG_CLIENT_IP")

    # Cookieless forms for anonymous readers (app/core/csrf.py) -- block owned by the cookie work
    #: seconds an anonymous visitor's (cookieless) form token is valid; cached pages carry it
    CSRF_ANONYMOUS_MAX_AGE = int(os.environ.get("CSRF_ANONYMOUS_MAX_AGE", 24 * 60 * 60))
    #: other origins (https://host[:port], comma-separated) whose pages may post our forms
    CSRF_TRUSTED_ORIGINS = tuple(origin.strip() for origin in
                                 os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
                                 if origin.strip())
    #: /.well-known/security.txt (RFC 9116): where to report a security problem, and the policy
    SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:sikkerhet@tinget.no")
    SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL") or None
    #: Flask-Login's "basic" session protection only marks a session not fresh when the address
    #: changes; nothing here asks for a fresh log-in (log-in sessions are rows, revoked on the
    #: server), and the mark rewrote the cookie of every reader who had chosen a language
    SESSION_PROTECTION = None

    # Static files and page weight (app/core/static.py) -- block owned by the design work
    #: seconds a static file under an unhashed or outdated name may be cached (hashed names: a year)
    STATIC_MAX_AGE = int(os.environ.get("STATIC_MAX_AGE", 300))

    # The municipality's identity (logo, colour, welcome, header image) -- block owned by the identity work

    # Maps: tiles and address search (Kartverket; off when unset) -- block owned by the maps work
    #: Kartverket's open tile cache and address search (DevelopmentConfig uses them by default)
    KARTVERKET_TILES = "https://cache.kartverket.no/v1/wmts/1.0.0/topo/default/webmercator/{z}/{y}/{x}.png"
    KARTVERKET_ADDRESSES = "https://ws.geonorge.no/adresser/v1/sok"
    #: tile address with {z}, {x} and {y} (Kartverket: KARTVERKET_TILES); unset: no maps at all
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL") or None
    MAP_ATTRIBUTION = os.environ.get("MAP_ATTRIBUTION", "© Kartverket")
    #: address search answering like Kartverket's (KARTVERKET_ADDRESSES, ?sok=&treffPerSide=);
    #: unset: no address search on the idea form
    MAP_ADDRESS_SEARCH_URL = os.environ.get("MAP_ADDRESS_SEARCH_URL") or None
    #: "latitude,longitude" where the idea form's map starts when the municipality has no idea
    #: with a point yet (else it starts at the middle of those ideas)
    MAP_DEFAULT_CENTRE = os.environ.get("MAP_DEFAULT_CENTRE", "59.9139,10.7522")
    #: how many ideas (the newest with a point) the list's map view shows at most
    MAP_LIST_LIMIT = int(os.environ.get("MAP_LIST_LIMIT", "500"))

    # HTTPS
    HSTS_SECONDS = 60 * 60 * 24 * 365


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    # maps from Kartverket's open services, unless the environment says otherwise
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", Config.KARTVERKET_TILES) or None
    MAP_ADDRESS_SEARCH_URL = os.environ.get("MAP_ADDRESS_SEARCH_URL",
                                            Config.KARTVERKET_ADDRESSES) or None


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
    NETWORK_FIGURES_SECONDS = 0  # exact in every test; tests/scale turns keeping on
    UPLOAD_FOLDER = os.environ.get("TEST_UPLOAD_FOLDER") or \
        os.path.join(os.environ.get("TMPDIR", "/tmp"), f"tinget-test-uploads-{os.getpid()}")


CONFIGS = {"development": DevelopmentConfig, "production": Config, "testing": TestConfig}


def config_for(name: str | None = None) -> type[Config]:
    return CONFIGS[name or os.environ.get("TINGET_ENV", "production")]
