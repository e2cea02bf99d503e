"""Turning claims, headlines and tweets into comparable text and tokens.

Tweets carry noise a fact-check never has: links, ``pic.twitter.com`` images, @handles and
CamelCase hashtags. ``text_normalise`` removes the links and spells handles and hashtags out
as words ("#AustralianFires" becomes "Australian Fires"), so the same text serves BM25 and the
embedding model. ``tokens_for_matching`` then lowercases, drops stop words and stems.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\b\S+\.(?:com|org|net|ly)/\S+", re.I
)
HASHTAG_RE = re.compile(r"#(\w+)")
HANDLE_RE = re.compile(r"@(\w+)")
CAMEL_RE = re.compile(
    r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])"
)
WHITESPACE_RE = re.compile(r"\s+")
WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words that carry no topic; kept short on purpose because negations ("not", "no")
# and quantities matter to a claim.
STOP_WORDS = frozenset(
    """a an and are as at be been being but by did do does for from had has have he her his i
    if in into is it its itself me my of on or our s she so than that the their them then there
    these they this those to was we were what when where which who whom will with would you your
    just about also via amp rt""".split()
)


def words_from_identifier(identifier: str) -> str:
    """Spell a hashtag or handle out as words: "AustralianFires" -> "Australian Fires"."""
    return CAMEL_RE.sub(" ", identifier.replace("_", " "))


def text_normalise(text: str) -> str:
    """Readable text without links, with hashtags and handles written as words."""
    text = html.unescape(text or "")
    text = unicodedata.normalize("NFKC", text)
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    text = URL_RE.sub(" ", text)
    text = HASHTAG_RE.sub(lambda m: words_from_identifier(m.group(1)), text)
    text = HANDLE_RE.sub(lambda m: words_from_identifier(m.group(1)), text)
    return WHITESPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer  # PyStemmer: Snowball English in C

    return Stemmer.Stemmer("english")


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def tokens_for_matching(text: str) -> list[str]:
    """Lowercased, stemmed content words of a normalised text."""
    words = WORD_RE.findall(_ascii_fold(text_normalise(text)).lower())
    words = [w.replace("'", "") for w in words if w not in STOP_WORDS]
    return _stemmer().stemWords([w for w in words if w])
