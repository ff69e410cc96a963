"""The ID-porten client (OpenID Connect): discovery, the authorization request and the checks of
what comes back.

Authorization code flow with PKCE (S256), `state` and `nonce`; the token request goes through
Authlib's OAuth2Session (client_secret_basic, client_secret_post or private_key_jwt), the ID token
is checked with joserfc against the provider's JWKS: signature, `iss`, `aud` (and `azp`), `exp` and
`iat` against app.core.clock (so tests can move time), `nonce`, `acr` and, when the municipality
asks for it, `onbehalfof`. What leaves this module is an `Identity`: the pairwise `sub` and the
`acr`, nothing else; the national identity number (`pid`) is dropped here, never stored or logged.

No Flask session and no database here: the routes keep the pending request in the (signed)
session, the services write accounts.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from flask import current_app
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError, MissingClaimError
from joserfc.jwk import KeySet, RSAKey

from app.core.clock import utcnow

#: the levels of assurance ID-porten offers, lowest first: a higher level satisfies a lower one
ACR_LEVELS = ("idporten-loa-substantial", "idporten-loa-high")
DEFAULT_ACR = ACR_LEVELS[0]
#: the languages ID-porten's pages speak (`ui_locales`); others get bokmål
UI_LOCALES = ("nb", "nn", "en", "se")
#: seconds of clock difference allowed between ID-porten and us (`exp`, `iat`)
LEEWAY = 60
#: seconds an HTTP call to ID-porten may take
TIMEOUT = 10


class Refused(Exception):
    """The log-in is refused. `reason` is a short code for the log (never personal data) and
    for the page that explains it; `status` is the HTTP status of that page."""

    def __init__(self, reason: str, status: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Identity:
    """Who ID-porten says logged in: the pairwise subject and the level of assurance."""

    sub: str
    acr: str


@dataclass
class Provider:
    """The provider's metadata (discovery) and signing keys, cached in the process."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    fetched: float
    keys: KeySet | None = None


_providers: dict[str, Provider] = {}
_lock = threading.Lock()


def is_configured(config=None) -> bool:
    """Whether ID-porten log-in is set up (issuer and client id); else button and pages are off."""
    config = config if config is not None else current_app.config
    return bool(config.get("IDPORTEN_ISSUER") and config.get("IDPORTEN_CLIENT_ID"))


def acr_satisfies(returned: str | None, required: str) -> bool:
    """Whether the level ID-porten returned is the one required or higher (high satisfies
    substantial, not the reverse); an unknown level satisfies nothing."""
    if returned not in ACR_LEVELS:
        return False
    wanted = required if required in ACR_LEVELS else DEFAULT_ACR
    return ACR_LEVELS.index(returned) >= ACR_LEVELS.index(wanted)


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused("unavailable", 503) from error
    if not isinstance(data, dict):
        raise Refused("unavailable", 503)
    return data


def provider() -> Provider:
    """The configured issuer's metadata, fetched once and kept IDPORTEN_DISCOVERY_TTL seconds.
    Refuses ("unavailable") when it cannot be fetched or names another issuer."""
    issuer = current_app.config["IDPORTEN_ISSUER"].rstrip("/")
    ttl = current_app.config.get("IDPORTEN_DISCOVERY_TTL", 24 * 60 * 60)
    with _lock:
        known = _providers.get(issuer)
        if known is not None and time.monotonic() - known.fetched < ttl:
            return known
        data = _get_json(f"{issuer}/.well-known/openid-configuration")
        if data.get("issuer", "").rstrip("/") != issuer:  # OpenID Connect Discovery 4.3
            raise Refused("discovery_issuer", 503)
        try:
            found = Provider(issuer=issuer, authorization_endpoint=data["authorization_endpoint"],
                             token_endpoint=data["token_endpoint"], jwks_uri=data["jwks_uri"],
                             end_session_endpoint=data.get("end_session_endpoint"),
                             fetched=time.monotonic())
        except KeyError as error:
            raise Refused("discovery_incomplete", 503) from error
        _providers[issuer] = found
        return found


def forget_providers() -> None:
    """Drop the cached metadata and keys (tests; a changed configuration)."""
    with _lock:
        _providers.clear()


def _keys(found: Provider, refresh: bool = False) -> KeySet:
    """The provider's signing keys; fetched again when asked (a key we do not know: rotation)."""
    if found.keys is None or refresh:
        try:
            found.keys = KeySet.import_key_set(_get_json(found.jwks_uri))
        except JoseError as error:
            raise Refused("jwks", 503) from error
    return found.keys


def _session(found: Provider, *, code_verifier: str | None = None) -> OAuth2Session:
    config = current_app.config
    method = config.get("IDPORTEN_TOKEN_AUTH_METHOD") or "client_secret_basic"
    secret = config.get("IDPORTEN_CLIENT_SECRET") or None
    if method == "private_key_jwt":
        with open(config["IDPORTEN_CLIENT_KEY_FILE"], encoding="utf-8") as handle:
            secret = RSAKey.import_key(handle.read())
    session = OAuth2Session(
        config["IDPORTEN_CLIENT_ID"], secret, scope=config.get("IDPORTEN_SCOPES", "openid profile"),
        code_challenge_method="S256", token_endpoint_auth_method=method)
    if method == "private_key_jwt":
        # ID-porten wants its issuer as the assertion's audience, and the key's id in the header
        kid = config.get("IDPORTEN_CLIENT_KEY_ID")
        session.register_client_auth_method(PrivateKeyJWT(
            found.issuer, headers={"kid": kid} if kid else None, alg="RS256"))
    return session


def begin(redirect_uri: str, *, acr: str | None, onbehalfof: str | None, locale: str | None
          ) -> tuple[str, dict]:
    """The URL that sends the browser to ID-porten, and what the callback must get back (to keep
    in the session): state, nonce, PKCE verifier, the level asked for and `onbehalfof`."""
    found = provider()
    pending = {"state": generate_token(32), "nonce": generate_token(32),
               "verifier": generate_token(64), "acr": acr if acr in ACR_LEVELS else DEFAULT_ACR,
               "onbehalfof": onbehalfof or None, "redirect_uri": redirect_uri}
    extra = {"nonce": pending["nonce"], "acr_values": pending["acr"],
             "ui_locales": locale if locale in UI_LOCALES else "nb"}
    if pending["onbehalfof"]:
        extra["onbehalfof"] = pending["onbehalfof"]
    url, _ = _session(found).create_authorization_url(
        found.authorization_endpoint, state=pending["state"], code_verifier=pending["verifier"],
        redirect_uri=redirect_uri, **extra)
    return url, pending


def finish(args, pending: dict | None) -> Identity:
    """Check the callback's parameters against the pending request, exchange the code and check
    the ID token. Returns the Identity; raises Refused with the reason otherwise."""
    if args.get("error"):
        raise Refused("cancelled" if args.get("error") == "access_denied" else "provider_error")
    state = args.get("state")
    if not pending or not state or not isinstance(pending.get("state"), str):
        raise Refused("state_missing")
    if state != pending["state"]:
        raise Refused("state_mismatch")
    if not args.get("code"):
        raise Refused("code_missing")
    found = provider()
    try:
        token = _session(found).fetch_token(
            found.token_endpoint, grant_type="authorization_code", code=args["code"],
            redirect_uri=pending["redirect_uri"], code_verifier=pending["verifier"],
            timeout=TIMEOUT)
    except Exception as error:  # noqa: BLE001 - any failure of the exchange is a refusal
        # the kind of failure and the provider's error code only: never the response body
        current_app.logger.warning("ID-porten: token request failed: %s %s",
                                   type(error).__name__, getattr(error, "error", ""))
        raise Refused("token_request") from error
    if not isinstance(token.get("id_token"), str):
        raise Refused("id_token_missing")
    claims = _verified_claims(found, token["id_token"], pending["nonce"])
    if not acr_satisfies(claims.get("acr"), pending["acr"]):
        raise Refused("acr", 403)
    if pending.get("onbehalfof") and claims.get("onbehalfof") != pending["onbehalfof"]:
        raise Refused("onbehalfof", 403)
    return Identity(sub=claims["sub"], acr=claims["acr"])


def _decode(found: Provider, id_token: str):
    try:
        return jwt.decode(id_token, _keys(found), algorithms=["RS256"])
    except (JoseError, ValueError):
        # perhaps signed with a key published since we fetched ours: fetch once more
        try:
            return jwt.decode(id_token, _keys(found, refresh=True), algorithms=["RS256"])
        except (JoseError, ValueError) as error:
            raise Refused("signature") from error


def _verified_claims(found: Provider, id_token: str, nonce: str) -> dict:
    """The ID token's claims once signature, issuer, audience, times, nonce and subject hold."""
    claims = _decode(found, id_token).claims
    client_id = current_app.config["IDPORTEN_CLIENT_ID"]
    registry = jwt.JWTClaimsRegistry(
        now=int(utcnow().timestamp()), leeway=LEEWAY,
        iss={"essential": True, "value": found.issuer}, aud={"essential": True, "value": client_id},
        exp={"essential": True}, iat={"essential": True}, sub={"essential": True},
        nonce={"essential": True, "value": nonce})
    try:
        registry.validate(claims)
    except ExpiredTokenError as error:
        raise Refused("expired") from error
    except MissingClaimError as error:
        raise Refused("claim_missing") from error
    except JoseError as error:
        raise Refused(f"claim_{getattr(error, 'claim', None) or 'invalid'}") from error
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise Refused("claim_azp")
    if not isinstance(claims["sub"], str) or not claims["sub"] or len(claims["sub"]) > 255:
        raise Refused("claim_sub")
    return claims

