"""Pages are served in simplified characters (zh_Hans, generated from the traditional source strings), so
tests compare simplified forms on both sides."""
from wanjia.core.text import simplified


def zh(text: str) -> str:
    return simplified(text)


def page_text(response) -> str:
    return simplified(response.content.decode())
