from django import template

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.8765 → "87.7%"; no data → "—" (a missing figure is not a zero)."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key, 0)


@register.filter
def indent(depth) -> str:
    """Leading ideographic spaces for a tree level in a <select> (options cannot be styled)."""
    return "\u3000" * max(int(depth or 1) - 1, 0)
