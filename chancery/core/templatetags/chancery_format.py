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
