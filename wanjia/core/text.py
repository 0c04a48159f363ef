"""Chinese text helpers. People type and Excel saves both simplified and traditional characters; matching
compares the simplified forms."""
from functools import lru_cache

from opencc import OpenCC

_t2s = OpenCC("t2s")


@lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    return _t2s.convert(text)
