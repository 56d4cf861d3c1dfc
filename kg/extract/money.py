"""Amounts of money and percentages as written in news ("$14.3 billion", "£600m", "49%")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "c$": "CAD", "a$": "AUD"}
_CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "usd": "USD", "pound": "GBP", "pounds": "GBP", "gbp": "GBP",
    "sterling": "GBP", "euro": "EUR", "euros": "EUR", "eur": "EUR", "yen": "JPY", "jpy": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rupee": "INR", "rupees": "INR", "francs": "CHF", "franc": "CHF",
}
_SCALES = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6, "mln": 10**6,
    "billion": 10**9, "bn": 10**9, "b": 10**9, "bln": 10**9, "trillion": 10**12, "tn": 10**12, "trn": 10**12,
}
_MONEY = re.compile(
    r"(?P<symbol>us\$|c\$|a\$|[$£€¥₹])?\s*(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?P<scale>thousand|million|billion|trillion|mln|bln|trn|bn|mn|tn|m|b|k)?\b\.?\s*"
    r"(?P<word>[a-z]+)?",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent|pct)", re.IGNORECASE)


def parse_money(text: str) -> tuple[Decimal, str] | None:
    """``(amount, ISO currency)`` for a money expression, or None if it names no currency."""
    match = _MONEY.search(text.strip())
    if not match:
        return None
    currency = _CURRENCY_SYMBOLS.get((match["symbol"] or "").lower()) or _CURRENCY_WORDS.get((match["word"] or "").lower())
    if currency is None:
        return None
    try:
        amount = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return None
    scale = _SCALES.get((match["scale"] or "").lower(), 1)
    # Plain positional notation, so xsd:decimal reads 14300000000 rather than 1.43E+10.
    return Decimal(format((amount * scale).normalize(), "f")), currency


def parse_percent(text: str) -> Decimal | None:
    """The number in "49%", "49 percent" or "14 per cent"."""
    match = _PERCENT.search(text)
    return Decimal(match.group(1)) if match else None
