"""Telegram's length limits, measured as Telegram measures them (UTF-16 code units), and cutting
a long text into parts that fit without losing a character."""

TEXT_MAX = 4096


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(body: str, room: int = TEXT_MAX) -> list[str]:
    """Cut at the last whitespace in each window where one is near the end, else hard."""
    chunks: list[str] = []
    rest = body
    while utf16_len(rest) > room:
        cut = _fit(rest, room)
        space = rest.rfind(" ", cut * 4 // 5, cut)
        if space > 0:
            cut = space + 1
        chunks.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        chunks.append(rest)
    return chunks


def _fit(text: str, room: int) -> int:
    """The longest prefix length (in code points) whose UTF-16 length is within room."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return index
    return len(text)
