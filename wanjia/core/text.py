"""Chinese text helpers. People type and Excel saves both simplified and traditional characters; matching
compares the simplified forms. Data rows the bureau names (fault categories, policy sets, checklist items, ...)
keep an optional English beside the Chinese, shown on English pages through `in_language`."""
from functools import lru_cache

from django.utils.translation import get_language
from opencc import OpenCC

_t2s = OpenCC("t2s")


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    return _t2s.convert(text)


def in_language(zh: str, en: str | None) -> str:
    """A data row's label in the page's language: its English on English pages when someone wrote one, else
    its Chinese (the row's name of record; the English is an optional translation kept beside it)."""
    if en and (get_language() or "").startswith("en"):
        return en
    return zh


def label(row, field: str = "name") -> str:
    """`in_language` for a row whose English sits beside the Chinese as `<field>_en` (`name`/`name_en`,
    `text`/`text_en`, `guidance`/`guidance_en`)."""
    if row is None:
        return ""
    return in_language(getattr(row, field), getattr(row, f"{field}_en", ""))
