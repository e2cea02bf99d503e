"""The HTML parser (trafilatura on a string, figure captions taken out first)."""

from datetime import date

from claims.ingest.html import parse_html
from tests.ingest.conftest import ARTICLE_HTML


def test_metadata_body_and_captions_from_an_article_page():
    article = parse_html(ARTICLE_HTML)
    assert article.title == "Dam opens after ten years of work"
    assert article.byline == "Rosa Field"
    assert article.outlet_name == "Valley Times"
    assert article.published_at == date(2022, 5, 4)
    assert article.body.startswith("The new dam on the Green River opened on Tuesday")
    assert "80,000 homes" in article.body and "12 villages" in article.body
    assert [(c.text, c.credit) for c in article.captions] == [
        ("The dam seen from the east bank, May 3, 2022.", "ANA LIMA/VALLEY TIMES")
    ]
    assert "east bank" not in article.body
    assert "document.write" not in article.body and "Contact us" not in article.body


def test_paragraphs_are_separated_and_br_breaks_inside_a_sentence_are_joined():
    html = "<html><body><p>The council met on Monday and<br>approved the plan.</p><p>It takes effect in June.</p></body></html>"
    article = parse_html(html)
    assert (
        article.body
        == "The council met on Monday and approved the plan.\n\nIt takes effect in June."
    )


def test_figcaption_with_glued_credit_outside_a_figure():
    html = (
        "<html><body><p>Crowds gathered in the square on Saturday, police said.</p>"
        "<figcaption>Crowds in the square, June 1, 2024.ANA LIMA/AFP</figcaption>"
        "<p>The march ended peacefully in the evening.</p></body></html>"
    )
    article = parse_html(html)
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Crowds in the square, June 1, 2024.", "ANA LIMA/AFP")
    ]
    assert "ANA LIMA" not in article.body


def test_header_line_under_the_headline_is_metadata():
    html = (
        "<html><head><title>Storm hits coast</title></head><body><article><h1>Storm hits coast</h1>"
        "<p>AUGUST 19, 2021 / 7:25 AM / CBS/AFP</p>"
        "<p>The storm reached the coast on Thursday, forecasters said, bringing heavy rain to the region.</p>"
        "<p>Thousands of homes lost power overnight, the utility company said in a statement.</p>"
        "</article></body></html>"
    )
    article = parse_html(html)
    assert article.byline == "CBS/AFP"
    assert article.body.startswith("The storm reached the coast")
    assert "AUGUST" not in article.body


def test_script_and_markup_never_reach_the_body_as_markup():
    html = "<html><body><p>Officials said &lt;b&gt;42&lt;/b&gt; people left.</p><script>steal()</script></body></html>"
    article = parse_html(html)
    assert "steal()" not in article.body
    assert article.body == "Officials said <b>42</b> people left."


def test_empty_or_broken_html_gives_an_empty_body():
    assert parse_html("").body == ""
    assert parse_html("<html><body><script>x()</script></body></html>").body == ""
