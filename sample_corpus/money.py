"""Amounts are kept as integer cents of 万元 (1 cent = 0.01 万元) so every printed sum adds up exactly."""

from __future__ import annotations

import random


def cents(wan: float) -> int:
    """万元 float → integer cents, for figures drawn from a random distribution."""
    return int(round(wan * 100))


def draw(rng: random.Random, low: float, high: float) -> int:
    """A random amount in 万元 between low and high, as cents."""
    return cents(rng.uniform(low, high))


def wan(amount: int | None) -> float | None:
    """Cents → 万元 with two decimals, as written to the expected-figures JSON."""
    return None if amount is None else round(amount / 100, 2)


def fmt(amount: int, commas: bool = True) -> str:
    """'7,176.23' (tables) or '7176.23' (narratives of some documents)."""
    sign = "-" if amount < 0 else ""
    whole, frac = divmod(abs(amount), 100)
    body = f"{whole:,}" if commas else str(whole)
    return f"{sign}{body}.{frac:02d}"


def ratio(part: int, whole: int) -> int:
    """part / whole as hundredths of a percent, rounded half up (9167 means 91.67%)."""
    if whole == 0:
        return 0
    sign = -1 if (part < 0) != (whole < 0) and part != 0 else 1
    part, whole = abs(part), abs(whole)
    return sign * ((part * 20000 + whole) // (2 * whole))


def fmt_pct(hundredths: int) -> str:
    """9167 → '91.67%'."""
    sign = "-" if hundredths < 0 else ""
    whole, frac = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{frac:02d}%"


def fmt_score(hundredths: int) -> str:
    """Scores print as the forms show them: '10', '9.5', '6.67'."""
    whole, frac = divmod(hundredths, 100)
    if frac == 0:
        return str(whole)
    if frac % 10 == 0:
        return f"{whole}.{frac // 10}"
    return f"{whole}.{frac:02d}"


def split(rng: random.Random, total: int, parts: int, floor_share: float = 0.15) -> list[int]:
    """Split total cents into `parts` positive amounts that add up exactly.

    Each part gets at least floor_share of an even share so no line item collapses to 0.01.
    """
    if parts <= 1:
        return [total]
    weights = [floor_share + rng.random() for _ in range(parts)]
    scale = sum(weights)
    out = [int(total * w / scale) for w in weights]
    out[0] += total - sum(out)
    return out
