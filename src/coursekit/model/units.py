"""Units as learners spell them: 'per kilowatt-hour', '/kWh', 'for every kWh', read by pint.

A rate's unit follows *per*, */*, *for every*, *each* or *a*; the one to three words after
it are given to ``pint``, which knows prefixes, symbols, plurals and spellings, and
compared with the unit wanted (``kWh`` is ``kilowatt hour``, not ``MWh``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pint

__all__ = ["per_unit_in", "rates_in", "same_unit"]

_PER = re.compile(r"(?:\bper\b|/|\bfor\s+(?:every|each)\b|\beach\b|\ba\b|\ban\b)\s*"
                  r"((?:[^\W\d_]+[\s-]*){1,3})", re.IGNORECASE)


@cache
def _registry() -> pint.UnitRegistry[float]:
    import pint

    return pint.UnitRegistry()


@cache
def same_unit(written: str, unit: str) -> bool:
    """Whether the words ``written`` name ``unit`` ('kilowatt hours' and 'kWh' do)."""
    import pint

    registry = _registry()
    try:
        ratio = registry.Quantity(1, written) / registry.Quantity(1, unit)
        return abs(float(ratio.to("dimensionless").magnitude) - 1) < 1e-9
    except (pint.PintError, ValueError, TypeError, AttributeError, AssertionError):
        return False  # not a unit, or not one of the same kind


def per_unit_in(text: str, unit: str) -> bool:
    """Whether the text gives something per ``unit``, in any of its spellings."""
    for match in _PER.finditer(text):
        words = re.split(r"[\s-]+", match[1].strip())
        if any(same_unit(" ".join(words[:n]), unit) for n in range(len(words), 0, -1)):
            return True
    return False


def rates_in(text: str) -> list[str]:
    """What the text gives rates per, as written ('per MWh', '/kWh'), units pint knows only."""
    found = []
    for match in _PER.finditer(text):
        words = re.split(r"[\s-]+", match[1].strip())
        for n in range(len(words), 0, -1):
            if _is_unit(" ".join(words[:n])):
                found.append(match[0].split(words[0])[0] + " ".join(words[:n]))
                break
    return found


@cache
def _is_unit(written: str) -> bool:
    """Whether pint reads the words as a unit with a dimension (not 'a', a year's 'a')."""
    import pint

    try:
        units = _registry().parse_units(written)
    except (pint.PintError, ValueError, TypeError, AttributeError, AssertionError):
        return False
    return len(written) > 1 and not units.dimensionless
