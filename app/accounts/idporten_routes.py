"""Log-in and linking through ID-porten (OpenID Connect): pages under /konto/idporten/."""
from app.accounts import bp  # noqa: F401
