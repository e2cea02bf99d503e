"""Checks on what people hand us as an article, each failing with a sentence they can act on."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings

TEXT_EXTENSIONS = (".txt", ".text")
HTML_EXTENSIONS = (".html", ".htm", ".xhtml")


# Typographic characters that differ between copies of the same article.
TYPOGRAPHY = str.maketrans("’‘“”–—\u00a0", "''\"\"-- ")


class ArticleRejected(Exception):
    """The input cannot become an article. ``message`` is for a person, ``code`` for a machine,
    ``field`` names the input it concerns (``text``, ``html``, ``url``, ``file``, ...)."""

    def __init__(self, message: str, *, code: str, field: str = "non_field_errors"):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict:
        """The API's error shape: ``{"detail", "code", "fields": {field: [message]}}``."""
        return {"detail": self.message, "code": self.code, "fields": {self.field: [self.message]}}


def max_article_chars() -> int:
    return int(getattr(settings, "CLAIMDESK_MAX_ARTICLE_CHARS", 200_000))


def check_not_binary(text: str, *, field: str) -> None:
    """Refuse text that holds NUL bytes, unpaired surrogates or mostly control characters."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ArticleRejected(
            "The text contains characters that are not valid UTF-8; paste it again as plain text.",
            code="invalid_utf8",
            field=field,
        ) from None
    controls = sum(
        1 for ch in text[:20_000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if "\x00" in text or controls > max(3, len(text[:20_000]) // 100):
        raise ArticleRejected(
            "This looks like a binary file, not article text. Upload a .txt or .html file or paste the text.",
            code="binary",
            field=field,
        )


def check_length(text: str, *, field: str) -> None:
    limit = max_article_chars()
    if len(text) > limit:
        raise ArticleRejected(
            f"The article is {len(text):,} characters long; the limit is {limit:,}. "
            "Split it into parts, or ask an administrator to raise CLAIMDESK_MAX_ARTICLE_CHARS.",
            code="too_long",
            field=field,
        )


def check_not_empty(text: str, *, field: str) -> None:
    if not text or not text.strip():
        raise ArticleRejected(
            "The article is empty. Paste its text, upload a .txt or .html file, or give its URL.",
            code="empty",
            field=field,
        )


def decode_bytes(data: bytes, *, field: str) -> str:
    """Strict UTF-8 (a BOM is allowed); binary content and other encodings are refused."""
    if b"\x00" in data[:8192]:
        raise ArticleRejected(
            "This looks like a binary file, not article text. Upload a .txt or .html file.",
            code="binary",
            field=field,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleRejected(
            f"The file is not valid UTF-8 text (bad byte at position {error.start}). "
            "Save it as UTF-8 plain text or HTML and upload it again.",
            code="invalid_utf8",
            field=field,
        ) from None


def upload_kind(filename: str, text: str) -> str:
    """ "html" or "text" for an uploaded file, from its extension (or its content if it has none)."""
    name = (filename or "").lower()
    if name.endswith(HTML_EXTENSIONS):
        return "html"
    if name.endswith(TEXT_EXTENSIONS):
        return "text"
    if "." not in name.rsplit("/", 1)[-1]:
        return "html" if re.match(r"\s*<(?:!doctype|html|head|body)\b", text, re.I) else "text"
    raise ArticleRejected(
        f"“{filename}” is not a .txt or .html file; upload the article as plain text or HTML.",
        code="file_type",
        field="file",
    )


def content_hash(body: str) -> str:
    """SHA-256 of the body normalised so that re-pasting the same article matches: case,
    whitespace, typographic quotes and dashes do not count."""
    text = unicodedata.normalize("NFKC", body).casefold()
    text = text.translate(TYPOGRAPHY)
    text = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
