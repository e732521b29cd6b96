"""What every form readers fill in shares (comments, nominations, the newsletter)."""

from core.text import clean_text

DIACRITICS_HINT = "Vui lòng gõ tiếng Việt có dấu."


class PlainTextMixin:
    """Text from readers is kept as typed (HTML is escaped on output, never stripped) in NFC,
    without control characters."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = clean_text(value).strip()
        return cleaned
