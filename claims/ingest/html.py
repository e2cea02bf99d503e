"""An article's HTML in, the same parts as plain text out (see ``claims.ingest.text``).

trafilatura finds the main text and the metadata (title, author, date, site name, canonical
URL) in an HTML *string*; fetching is never left to it — pages come in through
``claims.ingest.fetch``, behind the SSRF guard. Figure captions are taken out of the page
before extraction, so they end up in ``captions`` and never in the body.
"""

from __future__ import annotations

import re

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.metadata import extract_metadata

from claims.ingest.text import (
    Caption,
    ParsedArticle,
    fill_body,
    normalise_text,
    parse_date,
    split_caption,
    take_footer,
    take_header_lines,
)

BLOCK_TAGS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")
REMOVED_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button")


def parse_html(html: str, *, url: str = "") -> ParsedArticle:
    """Split an HTML page into metadata, body and captions."""
    tree = _parse_tree(html)
    if tree is None:
        return ParsedArticle(body="")
    captions = _take_out_captions(tree)
    cleaned = etree.tostring(tree, encoding="unicode", method="html")

    metadata = extract_metadata(cleaned, default_url=url or None)
    text = trafilatura.extract(
        cleaned,
        url=url or None,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not text:
        text = _block_text(tree)

    article = ParsedArticle(body="", captions=captions)
    if metadata is not None:
        article.title = (metadata.title or "").strip()
        article.byline = (metadata.author or "").strip()
        article.outlet_name = (metadata.sitename or "").strip()
        article.outlet_domain = (metadata.hostname or "").lower().removeprefix("www.")
        article.source_url = (metadata.url or url or "").strip()
        if metadata.date:
            article.published_at = parse_date(metadata.date)
    if not article.title:
        heading = tree.find(".//h1")
        if heading is not None:
            article.title = " ".join(heading.text_content().split())
    lines = normalise_text(text).split("\n")
    take_header_lines(article, lines)
    take_footer(article, lines)
    fill_body(article, lines, rewrap=False)
    return article


def _parse_tree(html: str):
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _take_out_captions(tree) -> list[Caption]:
    """Remove every <figure>/<figcaption> from the tree and return the captions they held."""
    captions: list[Caption] = []
    # Figures first, then any figcaption left outside a figure (the XPath runs after the drops).
    for query in ("//figure", "//figcaption"):
        for element in tree.xpath(query):
            found = [element] if element.tag == "figcaption" else element.iter("figcaption")
            for caption in (_caption_from(caption_element) for caption_element in list(found)):
                if caption is not None:
                    captions.append(caption)
            element.drop_tree()
    for element in tree.xpath("|".join(f"//{tag}" for tag in REMOVED_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    return captions


def _caption_from(element) -> Caption | None:
    credit = ""
    for credit_element in element.xpath(
        ".//*[contains(@class, 'credit') or contains(@class, 'copyright') or self::cite]"
    ):
        credit = " ".join(credit_element.text_content().split())
        credit_element.drop_tree()
        break
    text = " ".join(element.text_content().split())
    if not text and not credit:
        return None
    if not credit:
        glued = split_caption(text)
        if glued is not None:
            return glued
    return Caption(text=text, credit=credit)


def _block_text(tree) -> str:
    """Paragraph-per-line text for pages too small for trafilatura to accept."""
    blocks = [" ".join(el.text_content().split()) for el in tree.iter(*BLOCK_TAGS)]
    blocks = [block for block in blocks if block]
    if blocks:
        return "\n".join(blocks)
    body = tree.find("body")
    source = body if body is not None else tree
    return re.sub(r"[ \t]+", " ", source.text_content()).strip()
