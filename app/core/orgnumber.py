"""Norwegian organisation numbers (Enhetsregisteret): nine digits with a modulus-11 check digit.
Used for the organisations that answer consultations and for the municipalities themselves
(the publisher in the open-data catalogue)."""
from __future__ import annotations

import re

#: Brønnøysundregistrene's weights for the mod-11 check digit of an organisation number
ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise_org_number(value: str | None) -> str | None:
    """Nine digits that pass the Brønnøysund mod-11 check, without spaces; None otherwise."""
    digits = re.sub(r"[\s.\-\u00a0]", "", value or "")
    if not re.fullmatch(r"\d{9}", digits):
        return None
    remainder = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(digits[8]):
        return None
    return digits
