"""The plain-text parser on inputs written for these tests."""

from datetime import date, datetime

from claims.ingest.text import fallback_title, parse_date, parse_text, split_caption


def test_date_title_first_line_gives_date_and_title():
    article = parse_text(
        "date 2021-08-19 Evacuations continue\n\nThe airlift went on. Officials said so."
    )
    assert article.title == "Evacuations continue"
    assert article.published_at == date(2021, 8, 19)
    assert article.body == "The airlift went on. Officials said so."


def test_headline_date_and_agency_lines_become_metadata():
    raw = "Ministers meet in Doha. Talks resume.\nMARCH 3, 2022\nREUTERS/AP\nThe talks resumed on Monday.\n"
    article = parse_text(raw)
    assert article.title == "Ministers meet in Doha. Talks resume."
    assert article.published_at == date(2022, 3, 3)
    assert article.byline == "REUTERS/AP"
    assert article.body == "The talks resumed on Monday."


def test_date_time_and_agency_on_one_line_are_split():
    article = parse_text("Headline here\nAugust 19, 2021 / 7:25 AM / CBS/AFP\nBody sentence one.")
    assert article.published_at == datetime(2021, 8, 19, 7, 25)
    assert article.byline == "CBS/AFP"
    assert article.body == "Body sentence one."


def test_by_line_is_read_without_the_word_by():
    article = parse_text("Headline\nBy Jane Doe\nJune 2, 2020\nText of the story.")
    assert article.byline == "Jane Doe"
    assert article.published_at == date(2020, 6, 2)


def test_hard_wrapped_paragraphs_are_rejoined_and_breaks_kept():
    raw = (
        "The ministry said that forty-two schools had\n"
        "reopened across the province by the end of the\n"
        "week, after months of closures.\n"
        "\n"
        "Teachers welcomed the decision but warned that\n"
        "many buildings still needed repairs.\n"
    )
    article = parse_text(raw)
    assert article.body == (
        "The ministry said that forty-two schools had reopened across the province by the end "
        "of the week, after months of closures.\n\n"
        "Teachers welcomed the decision but warned that many buildings still needed repairs."
    )


def test_line_broken_mid_sentence_without_blank_lines_is_rejoined():
    raw = "Headline\nMAY 1, 2020\nWhen he was still in office in\nMay, he said no.\nA new paragraph starts.\n"
    article = parse_text(raw)
    assert (
        article.body == "When he was still in office in May, he said no.\n\nA new paragraph starts."
    )


def test_line_ending_a_sentence_before_a_lower_case_line_is_rejoined():
    article = parse_text('Title\nMAY 1, 2020\n"I will go," he\nsaid. "Now."\nNext one.')
    assert article.body.startswith('"I will go," he said. "Now."')


def test_hyphen_at_line_end_joins_without_space():
    raw = "A long line that ends in the middle of an anti-\nTaliban compound word, wrapped here.\n"
    assert "anti-Taliban" in parse_text(raw).body


def test_glued_photo_credit_makes_a_caption_not_body():
    raw = (
        "Headline\nJULY 4, 2021\nFirst paragraph of the story.\n"
        "The minister is seen in Kabul, Afghanistan, May 5, 2019.JANE ROE/WIRE/GETTY\n"
        "Second paragraph of the story.\n"
    )
    article = parse_text(raw)
    assert [(c.text, c.credit) for c in article.captions] == [
        ("The minister is seen in Kabul, Afghanistan, May 5, 2019.", "JANE ROE/WIRE/GETTY")
    ]
    assert "GETTY" not in article.body and "is seen in Kabul" not in article.body
    assert article.body == "First paragraph of the story.\n\nSecond paragraph of the story."


def test_parenthesised_ap_photo_credit_is_a_caption():
    caption = split_caption("Rescuers search the rubble in Izmir. (AP Photo/Emre Tazegul)")
    assert caption is not None
    assert caption.credit == "AP Photo/Emre Tazegul"
    assert caption.text == "Rescuers search the rubble in Izmir."


def test_ordinary_sentences_with_slashes_are_not_captions():
    assert split_caption("The rate rose to 5/10 of the maximum.") is None
    assert split_caption("He said the Biden/Harris campaign called.") is None
    assert split_caption("Prices rose. Supply/demand matters") is None


def test_trailing_outlet_domain_and_copyright_are_metadata_not_body():
    raw = "Headline\nJUNE 1, 2021\nThe body text.\n© 2021 Example Media. All rights reserved.\nwww.example.com\n"
    article = parse_text(raw)
    assert article.outlet_domain == "example.com"
    assert article.body == "The body text."


def test_closing_line_restating_the_headline_is_kept_as_summary():
    raw = (
        "Mayor promises new bridge. Now she wants federal money for it.\nJUNE 1, 2021\n"
        "The mayor spoke on Monday.\nShe gave no cost estimate.\nThe council meets next week.\n"
        "Last year the mayor promised a new bridge. Now she wants federal money for it.\n"
    )
    article = parse_text(raw)
    assert article.summary.startswith("Last year the mayor promised")
    assert "Last year" not in article.body
    assert article.body.endswith("The council meets next week.")


def test_text_without_header_keeps_every_paragraph():
    raw = "The council met on Monday.\n\nIt approved the budget."
    article = parse_text(raw)
    assert article.title == ""
    assert article.body == "The council met on Monday.\n\nIt approved the budget."


def test_short_first_line_set_apart_is_a_headline():
    article = parse_text(
        "Council approves budget\n\nThe council met on Monday.\n\nIt approved the budget."
    )
    assert article.title == "Council approves budget"
    assert article.body.startswith("The council met")


def test_windows_newlines_bom_and_control_characters_are_normalised():
    article = parse_text("\ufeffdate 2020-01-02 T\r\n\r\nOne\u200b line.\r\nTwo\u00a0words.\r\n")
    assert article.body == "One line.\n\nTwo words."


def test_parse_date_accepts_header_formats_and_rejects_prose():
    assert parse_date("AUGUST 19, 2021") == date(2021, 8, 19)
    assert parse_date("Aug. 19, 2021") == date(2021, 8, 19)
    assert parse_date("19 August 2021") == date(2021, 8, 19)
    assert parse_date("Updated on: 2021-08-19") == date(2021, 8, 19)
    assert parse_date("The Taliban took Kabul in August 2021.") is None
    assert parse_date("CBS/AFP") is None


def test_fallback_title_is_the_first_sentence_cut_at_a_word():
    assert fallback_title("Short one. Then more.") == "Short one."
    long = "word " * 40
    title = fallback_title(long)
    assert title.endswith("…") and len(title) <= 91


def test_outlet_name_comes_from_the_domain_and_a_matching_agency_line():
    from claims.ingest.text import outlet_name_for

    assert outlet_name_for("cbsnews.com", "CBS/AFP") == "CBS News"
    assert outlet_name_for("www.reuters.com", "Reuters") == "Reuters"
    assert outlet_name_for("example.org", "Jane Doe") == "example.org"
    assert outlet_name_for("coastnews.example", "") == "coastnews.example"


def test_bracketed_image_placeholder_is_not_a_caption():
    assert split_caption("[Image: COVID-19 Indoor Safety Guideline]") is None
    caption = split_caption("Calls to the hotline doubled after the remarks Pictures: Reuters")
    assert caption is not None and caption.credit == "Pictures: Reuters"
