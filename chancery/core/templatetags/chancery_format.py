"""Template filters for figures written the Vietnamese way."""

from typing import Any

from django import template

from chancery.core.text import grouped

register = template.Library()


@register.filter
def vn_number(value: Any) -> str:
    """15450 → "15.450"; anything that is not a whole number is shown as it is."""
    try:
        return grouped(int(value))
    except (TypeError, ValueError):
        return "" if value is None else str(value)


@register.filter
def vn_percent(value: Any) -> str:
    """A share as a percentage with one decimal, the Vietnamese way: 0.0977 → "9,8%"."""
    try:
        return f"{float(value) * 100:.1f}%".replace(".", ",")
    except (TypeError, ValueError):
        return ""
