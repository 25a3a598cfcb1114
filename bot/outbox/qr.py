"""QR codes of invite links, so a worker can show a child the link on their own phone."""

import io

import qrcode


def qr_png(link: str) -> bytes:
    image = qrcode.make(link, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
