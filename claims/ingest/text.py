"""Plain text in, an article's parts out: title, date, byline, outlet, body and captions.

Newsroom copy arrives pasted from web pages, wire feeds and e-mails, so the parser recognises
the shapes seen in practice:

- a first line ``date 2021-08-19 The headline``;
- a headline followed by header lines: a date (``AUGUST 19, 2021``), an agency or byline
  (``CBS/AFP``, ``By Jane Doe``), or both on one line separated by ``/``;
- hard-wrapped lines broken mid-sentence, rejoined while paragraph breaks are kept;
- photo captions ending in a credit (``...September 5, 2019.REZA/GETTY``), moved out of the
  body into ``captions`` together with their credit;
- a trailing outlet domain (``www.cbsnews.com``) or copyright line, which is metadata;
- a closing line that only restates the headline (a teaser), kept as ``summary``.

The body is built once, here, and stored verbatim: claims keep character offsets into it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz

PARAGRAPH_SEPARATOR = "\n\n"

# Wire services and photo agencies whose names mark a line as a credit or an agency line.
AGENCY_WORDS = (
    "AFP",
    "AP",
    "ASSOCIATED PRESS",
    "REUTERS",
    "GETTY",
    "GETTY IMAGES",
    "EPA",
    "EPA-EFE",
    "BLOOMBERG",
    "UPI",
    "DPA",
    "ANADOLU",
    "XINHUA",
    "SIPA",
    "SYGMA",
    "CORBIS",
    "SHUTTERSTOCK",
    "ALAMY",
    "TASS",
    "PA",
)

MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)

DATE_TITLE_LINE = re.compile(r"^\s*date\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\s+(.+?)\s*$", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?$")
WORDY_DATE = re.compile(
    rf"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+(?:{MONTHS})\.?,?\s+\d{{4}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?$",
    re.IGNORECASE,
)
SLASHED_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
TIME_ONLY = re.compile(r"^\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)
DATE_PREFIX = re.compile(
    r"^(?:published|updated|posted|first published|last updated)(?:\s+on)?\s*:?\s*", re.IGNORECASE
)
BYLINE = re.compile(r"^by\s+(.{2,100})$", re.IGNORECASE)
# "CBS/AFP", "CBS News", "Reuters", "AP": short, capitalised, no sentence punctuation.
AGENCY_LINE = re.compile(r"^[A-Z][\w&.'’-]*(?:\s*[/,&]\s*[A-Z][\w&.'’-]*|\s+[A-Z][\w&.'’-]*){0,4}$")
OUTLET_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})/?$",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# A caption's credit: upper-case names joined by slashes ("REZA/GETTY",
# "PATRICK ROBERT/SYGMA/GETTY", "REUTERS/Stringer"), glued to or just after the caption's
# closing punctuation; or a parenthesised "(AP Photo/Rahmat Gul)"; or "Photo: Jane Doe/AFP".
CREDIT_NAME = r"[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){0,3}"
SLASHED_CREDIT = re.compile(
    rf"(?P<end>[.!?\"”)])(?P<space>\s?)(?P<credit>{CREDIT_NAME}(?:\s?/\s?{CREDIT_NAME})+)\s*$"
)
PAREN_CREDIT = re.compile(
    r"\s*\((?P<credit>(?:AP|AFP|Reuters|Getty|EPA)?\s*(?:Photo|Photograph|Image|Credit|Picture)s?\b[^()]*)\)\s*$",
    re.IGNORECASE,
)
LABELLED_CREDIT = re.compile(
    r"\s*(?:\||-|–|—)?\s*(?P<credit>(?:Photo|Photograph|Image|Picture)s?\s*(?:credit)?\s*:\s*[^.]{2,80})$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$|[:;]$")
LEADING_TITLE_MAX = 200


@dataclass
class Caption:
    text: str
    credit: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "credit": self.credit}


@dataclass
class ParsedArticle:
    """What an article's raw text (or HTML) holds, before anything is saved."""

    body: str
    title: str = ""
    published_at: date | datetime | None = None
    byline: str = ""
    outlet_name: str = ""
    outlet_domain: str = ""
    summary: str = ""
    source_url: str = ""
    captions: list[Caption] = field(default_factory=list)


def normalise_text(raw: str) -> str:
    """Unicode NFC, Unix newlines, no BOM, no zero-width or control characters, no trailing blanks."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.lstrip("\ufeff")
    text = "".join(
        ch
        for ch in text
        if ch in "\n\t" or not (unicodedata.category(ch) in ("Cc", "Cf") and ch != "\u00ad")
    ).replace("\u00ad", "")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def parse_date(value: str) -> date | datetime | None:
    """A header date ("AUGUST 19, 2021", "2021-08-19", "Aug. 19, 2021 7:25 AM") or None."""
    value = DATE_PREFIX.sub("", value.strip()).strip(" ,")
    if not value or len(value) > 60:
        return None
    iso = ISO_DATE.match(value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    if not (WORDY_DATE.match(value) or SLASHED_DATE.match(value)):
        return None
    import dateparser  # slow to import; only needed for wordy dates

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if parsed is None:
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", value))
    return parsed if has_time else parsed.date()


def split_caption(paragraph: str) -> Caption | None:
    """A caption with its credit, when the paragraph ends in a photo credit; else None."""
    match = SLASHED_CREDIT.search(paragraph)
    if match and _is_credit(match["credit"], glued=not match["space"]):
        text = paragraph[: match.start("end") + 1].strip()
        return Caption(text=text, credit=match["credit"].strip())
    for pattern in (PAREN_CREDIT, LABELLED_CREDIT):
        match = pattern.search(paragraph)
        # A caption says something: "[Image: chart]" alone is a placeholder, not a caption.
        if match and len(re.findall(r"\w{2,}", paragraph[: match.start()])) >= 3:
            return Caption(text=paragraph[: match.start()].strip(), credit=match["credit"].strip())
    return None


def _is_credit(credit: str, *, glued: bool) -> bool:
    parts = [part.strip() for part in credit.split("/")]
    if any(part.upper() in AGENCY_WORDS for part in parts):
        return True
    letters = [ch for ch in credit if ch.isalpha()]
    all_caps = bool(letters) and all(ch.isupper() for ch in letters)
    # Glued upper-case credits ("2019.REZA/GETTY") never occur in running prose.
    return glued and all_caps


def _header_part_kind(part: str) -> tuple[str, object] | None:
    """Classify one header fragment as ('date', value), ('byline', name) or None."""
    part = part.strip()
    if not part:
        return None
    when = parse_date(part)
    if when is not None:
        return ("date", when)
    if TIME_ONLY.match(part):
        return ("time", part)
    byline = BYLINE.match(part)
    if byline and not SENTENCE_END.search(part):
        return ("byline", byline[1].strip())
    if len(part) <= 60 and AGENCY_LINE.match(part) and _names_an_agency(part):
        return ("byline", part)
    return None


def _names_an_agency(part: str) -> bool:
    """ "CBS/AFP", "REUTERS", "CBS News", "Associated Press" — not a capitalised subheading."""
    if part.upper() in AGENCY_WORDS or "/" in part:
        return True
    letters = [ch for ch in part if ch.isalpha()]
    if len(part) <= 40 and letters and all(ch.isupper() for ch in letters):
        return True
    return bool(re.search(r"\b(?:News|Press|Agency|Wire|Staff|Reporters?)$", part))


def _parse_header_line(line: str) -> list[tuple[str, object]] | None:
    """A header line ("AUGUST 19, 2021 / 7:25 AM / CBS/AFP") as its parts, or None if prose."""
    whole = _header_part_kind(line)
    if whole is not None:
        return [whole]
    if " / " in line or " | " in line:
        parts = re.split(r"\s+[/|]\s+", line)
        kinds = [_header_part_kind(part) for part in parts]
        if all(kinds) and any(kind[0] == "date" for kind in kinds if kind):
            return [kind for kind in kinds if kind]
    return None


def _is_sentence_continuation(line: str, next_line: str, *, strict: bool = False) -> bool:
    """True when a line break falls mid-sentence (a hard wrap) rather than between paragraphs.

    ``strict`` (lines that are already paragraphs or headings): only a next line starting in
    lower case continues the sentence.
    """
    first = next_line.lstrip("\"“'‘(")[:1]
    if first.islower():
        return True
    return not strict and not SENTENCE_END.search(line)


def _looks_hard_wrapped(lines: list[str]) -> bool:
    """A block wrapped at a fixed width: several long lines of similar width, most of them
    breaking mid-sentence. (Lines that each end a sentence are paragraphs, not a wrap.)"""
    if len(lines) < 2:
        return False
    widths = [len(line.strip()) for line in lines[:-1]]
    widest = max(widths)
    if not 40 <= widest <= 100 or min(widths) < 0.6 * widest:
        return False
    mid_sentence = sum(1 for line in lines[:-1] if not SENTENCE_END.search(line.strip()))
    return mid_sentence * 2 >= len(lines) - 1


def _join_lines(lines: list[str]) -> str:
    joined = ""
    for line in lines:
        line = line.strip()
        if not joined:
            joined = line
        elif joined.endswith("-") and len(joined) > 1 and joined[-2].isalpha():
            joined += line  # "anti-" + "Taliban"
        else:
            joined += " " + line
    return re.sub(r"[ ]{2,}", " ", joined)


def paragraphs_from_lines(lines: list[str], *, rewrap: bool = True) -> list[str]:
    """Rejoin hard-wrapped lines; blank lines and sentence-ending line breaks separate paragraphs.

    ``rewrap=False`` is for text whose lines are already paragraphs (extracted from HTML):
    only line breaks that fall mid-sentence are joined.
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    paragraphs: list[str] = []
    for block in blocks:
        if not block:
            continue
        if rewrap and _looks_hard_wrapped(block):
            paragraphs.append(_join_lines(block))
            continue
        current = [block[0]]
        for line in block[1:]:
            if _is_sentence_continuation(current[-1], line, strict=not rewrap):
                current.append(line)
            else:
                paragraphs.append(_join_lines(current))
                current = [line]
        paragraphs.append(_join_lines(current))
    return paragraphs


def _is_caption_line(line: str) -> bool:
    return split_caption(line.strip()) is not None


def parse_text(raw: str) -> ParsedArticle:
    """Split an article's plain text into its metadata, body and captions."""
    lines = normalise_text(raw).split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    article = ParsedArticle(body="")

    # Header: "date YYYY-MM-DD Title", or a headline followed by date/byline lines.
    if lines:
        dated = DATE_TITLE_LINE.match(lines[0])
        if dated:
            article.published_at = parse_date(dated[1])
            article.title = dated[2].strip()
            lines.pop(0)
        else:
            header_end, found = _scan_header(lines)
            if found:
                article.title = lines[0].strip()
                _apply_header(article, found)
                lines = lines[header_end:]
    while lines and not lines[0].strip():
        lines.pop(0)
    if article.title and lines:
        # A byline may follow a "date YYYY-MM-DD Title" line too.
        parts = _parse_header_line(lines[0].strip())
        if parts and not article.byline and all(kind != "date" for kind, _ in parts):
            _apply_header(article, parts)
            lines.pop(0)
    elif _is_standalone_headline(lines):
        article.title = lines.pop(0).strip()

    take_footer(article, lines)
    fill_body(article, lines)
    return article


def take_footer(article: ParsedArticle, lines: list[str]) -> None:
    """Remove a trailing outlet domain ("www.cbsnews.com") and copyright lines from ``lines``."""
    while lines:
        last = lines[-1].strip()
        if not last:
            lines.pop()
            continue
        domain = OUTLET_DOMAIN.match(last)
        if domain and not article.outlet_domain:
            article.outlet_domain = domain[1].lower()
            lines.pop()
        elif COPYRIGHT.match(last) and len(last) < 120:
            lines.pop()
        else:
            break


def take_header_lines(article: ParsedArticle, lines: list[str]) -> None:
    """Remove leading date/byline lines ("AUGUST 19, 2021 / 7:25 AM / CBS/AFP") from ``lines``,
    filling what the article does not know yet."""
    while lines:
        first = lines[0].strip()
        if not first or (article.title and first.casefold() == article.title.casefold()):
            lines.pop(0)
            continue
        parts = _parse_header_line(first)
        if not parts:
            break
        _apply_header(article, parts)
        lines.pop(0)


def fill_body(article: ParsedArticle, lines: list[str], *, rewrap: bool = True) -> None:
    """Set the body from the lines under the header, moving captions and a closing teaser out."""
    # Captions are whole lines; take them out before rejoining wrapped lines, since a
    # caption's credit has no full stop and would otherwise swallow the next paragraph.
    lines = list(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and article.title and lines[0].strip().casefold() == article.title.casefold():
        lines.pop(0)
    body_lines: list[str] = []
    for line in lines:
        caption = split_caption(line.strip()) if line.strip() else None
        if caption and caption.text:
            article.captions.append(caption)
            body_lines.append("")  # keep the paragraph boundary the caption stood on
        else:
            body_lines.append(line)
    paragraphs = paragraphs_from_lines(body_lines, rewrap=rewrap)
    if article.title and len(paragraphs) > 2 and _restates(article.title, paragraphs[-1]):
        article.summary = paragraphs.pop()
    article.body = PARAGRAPH_SEPARATOR.join(paragraphs)


def _is_standalone_headline(lines: list[str]) -> bool:
    """A short first line without a full stop, set apart by a blank line, heads the text."""
    if len(lines) < 3 or lines[1].strip():
        return False
    first = lines[0].strip()
    return len(first) <= 150 and not SENTENCE_END.search(first) and not first.endswith(",")


def _scan_header(lines: list[str]) -> tuple[int, list[tuple[str, object]]]:
    """Header lines under a headline: (index after them, their parts), or (0, []) when none."""
    if not lines or len(lines[0].strip()) > LEADING_TITLE_MAX:
        return 0, []
    found: list[tuple[str, object]] = []
    index = 1
    while index < len(lines) and index <= 4:
        line = lines[index].strip()
        if not line:
            index += 1
            continue
        parts = _parse_header_line(line)
        if not parts:
            break
        found.extend(parts)
        index += 1
    if not any(kind == "date" for kind, _ in found):
        return 0, []
    return index, found


def _apply_header(article: ParsedArticle, parts: list[tuple[str, object]]) -> None:
    for kind, value in parts:
        if kind == "date" and article.published_at is None:
            article.published_at = value  # type: ignore[assignment]
        elif kind == "byline" and not article.byline:
            article.byline = str(value)
        elif kind == "time" and type(article.published_at) is date:
            article.published_at = _with_time(article.published_at, str(value))


def _with_time(day: date, value: str) -> date | datetime:
    """ "7:25 AM" on a date; the bare date when the time cannot be read. The zone is ignored."""
    match = re.match(r"(\d{1,2}):(\d{2})\s*([ap])?", value, re.IGNORECASE)
    if not match:
        return day
    hour, minute = int(match[1]), int(match[2])
    if match[3]:
        hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    if hour > 23 or minute > 59:
        return day
    return datetime(day.year, day.month, day.day, hour, minute)


def _restates(title: str, paragraph: str) -> bool:
    """A short closing paragraph that mostly repeats the headline is a teaser, not body."""
    if len(paragraph) > 2 * max(len(title), 120):
        return False
    return fuzz.token_set_ratio(title.lower(), paragraph.lower()) >= 65


def outlet_name_for(domain: str, byline: str = "") -> str:
    """A readable outlet name for a bare domain, helped by the agency line when they agree:
    ("cbsnews.com", "CBS/AFP") → "CBS News"; otherwise the domain itself."""
    labels = domain.lower().removeprefix("www.").split(".")
    label = labels[-2] if len(labels) >= 2 else labels[0]
    for part in re.split(r"\s*[/,&]\s*", byline):
        brand = part.strip()
        if len(brand) < 2 or not label.startswith(brand.lower()):
            continue
        rest = label[len(brand) :]
        if not rest:
            return brand
        if rest.isalpha() and len(rest) <= 10:
            return f"{brand} {rest.title()}"
    return domain


def fallback_title(body: str, *, limit: int = 90) -> str:
    """A title for untitled text: its first sentence, cut at a word boundary."""
    first = body.strip().split("\n", 1)[0]
    match = re.match(r"(.+?[.!?])(\s|$)", first)
    title = match[1] if match else first
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
