"""The municipality's identity: its accent colour, checked for contrast, and the stylesheet that
puts it into Designsystemet's accent tokens.

WCAG 2.x: the relative luminance L of an sRGB colour, and the contrast ratio
(L1 + 0.05) / (L2 + 0.05) of two colours, lighter first. The accent is used both ways against
white (white text on buttons and the header; the accent as link and text colour on a white
page), which is one and the same ratio; AA asks 4.5:1 for normal text.
"""
from __future__ import annotations

import math
import re

from flask_babel import gettext as _

from app.core.errors import ServiceError
from app.core.i18n import format_number

#: WCAG 2.x AA for normal text
MIN_CONTRAST = 4.5
_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)


class IdentityError(ServiceError):
    """An identity setting that cannot be accepted; the message is safe to show."""


def parse_hex(value: str) -> tuple[int, int, int] | None:
    """(r, g, b) of "#rrggbb" (the # may be left out), or None."""
    match = _HEX.match((value or "").strip())
    if not match:
        return None
    digits = match.group(1)
    return tuple(int(digits[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def to_hex(rgb) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def _channel(value: float) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb) -> float:
    r, g, b = (_channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first, second) -> float:
    """WCAG 2.x contrast ratio of two (r, g, b) colours, from 1 to 21."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def shown_ratio(ratio: float) -> str:
    """The ratio as Norwegians write it, cut (never rounded up) to two decimals: "4,49"."""
    return format_number(math.floor(ratio * 100) / 100)


def check_accent(value: str) -> str | None:
    """The colour as "#rrggbb" in lower case, None for an empty value; refuses (IdentityError,
    field "accent_color") anything that is not a colour, and a colour below 4.5:1 against white."""
    if not (value or "").strip():
        return None
    rgb = parse_hex(value)
    if rgb is None:
        raise IdentityError(_("Write the colour as # and six hexadecimal digits, for example "
                              "#1a5e8a."), "accent_color")
    ratio = contrast_ratio(rgb, WHITE)
    if ratio < MIN_CONTRAST:
        raise IdentityError(_("The colour gives a contrast of %(ratio)s:1 against white text; it "
                              "must be at least 4.5:1. Choose a darker colour.",
                              ratio=shown_ratio(ratio)), "accent_color")
    return to_hex(rgb)


def _mix(rgb, other, share: float):
    """`rgb` with `share` (0-1) of `other` mixed in."""
    return tuple(c + (o - c) * share for c, o in zip(rgb, other))


def accent_tokens(accent: str) -> dict[str, str]:
    """Designsystemet's accent tokens (light colour scheme) derived from one checked colour:
    the colour itself for buttons, links and strong borders, darker shades for hover, active and
    text, light tints for surfaces. Every text token keeps at least 4.5:1 on white and on every
    tinted surface; white keeps 4.5:1 on every base colour, which is the accent or darker."""
    rgb = parse_hex(accent)
    tint = lambda share: to_hex(_mix(rgb, WHITE, share))  # noqa: E731
    shade = lambda share: to_hex(_mix(rgb, BLACK, share))  # noqa: E731
    # link-coloured text also sits on the tinted surfaces (a tertiary button's hover): darken it
    # until it keeps 4.5:1 on the darkest of them
    darkest_surface = parse_hex(tint(0.70))
    subtle = next(share / 50 for share in range(0, 51)
                  if contrast_ratio(parse_hex(shade(share / 50)), darkest_surface) >= MIN_CONTRAST)
    return {
        "background-default": "#ffffff",
        "background-tinted": tint(0.94),
        "surface-default": "#ffffff",
        "surface-tinted": tint(0.88),
        "surface-hover": tint(0.80),
        "surface-active": tint(0.70),
        "border-subtle": tint(0.60),
        "border-default": to_hex(rgb),
        "border-strong": shade(0.15),
        "text-subtle": shade(subtle),
        "text-default": shade(0.55),
        "base-default": to_hex(rgb),
        "base-hover": shade(0.18),
        "base-active": shade(0.35),
        "base-contrast-subtle": tint(0.85),
        "base-contrast-default": "#ffffff",
    }


def draft_welcome(welcome_nb: str, welcome_nn: str) -> tuple[str, str]:
    """A machine draft (Apertium, app/core/translation.py) of the empty welcome text from the
    filled one: (the drafted written form, its text). Nothing is saved: the admin reads and
    corrects the draft in the form, and saving it is the review.

    Refuses (IdentityError) when both or neither are filled, or when no engine translates."""
    from app.core.translation import TranslationUnavailable, can_translate, translate_text

    filled = {form: (text or "").strip() for form, text in (("nb", welcome_nb), ("nn", welcome_nn))}
    sources = [form for form, text in filled.items() if text]
    if len(sources) != 1:
        raise IdentityError(_("Write the welcome text in one written form and leave the other "
                              "empty; the empty one is drafted from it."), "welcome_nn")
    source = sources[0]
    target = "nn" if source == "nb" else "nb"
    if not can_translate(source, target):
        raise IdentityError(_("Machine translation is not available right now. Write both "
                              "texts by hand."), f"welcome_{target}")
    try:
        return target, translate_text(filled[source], source, target)
    except TranslationUnavailable as error:
        raise IdentityError(_("Machine translation is not available right now. Write both "
                              "texts by hand."), f"welcome_{target}") from error
