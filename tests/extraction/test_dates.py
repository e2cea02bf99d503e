import datetime as dt

from claims.extraction.dates import find_dates

THURSDAY = dt.date(2021, 8, 19)


def _one(text, published=THURSDAY):
    found = find_dates(text, published=published)
    assert len(found) == 1, found
    return found[0]


def test_weekday_is_the_last_one_before_publication():
    d = _one("Insurgents rushed into the capital on Sunday.")
    assert d["date"] == "2021-08-15" and d["text"] == "on Sunday"


def test_weekday_of_publication_is_that_day_and_wednesday_the_day_before():
    assert _one("The minister said Thursday that talks had failed.")["date"] == "2021-08-19"
    assert _one("He wrote in an op-ed on Wednesday.")["date"] == "2021-08-18"


def test_future_weekday_points_forward():
    assert _one("The council will meet on Friday.")["date"] == "2021-08-20"


def test_month_without_year_is_the_last_such_month():
    d = _one("He told a reporter in May that he was ready.")
    assert d["date"] is None
    assert d["range"] == ["2021-05-01", "2021-05-31"] and d["granularity"] == "month"
    assert _one("They signed it in September.")["range"][0] == "2020-09-01"


def test_full_and_abbreviated_calendar_dates():
    assert _one("He was photographed on September 5, 2019, at home.")["date"] == "2019-09-05"
    assert _one("It opened on Sept. 5, 2019.")["date"] == "2019-09-05"
    assert _one("It opened on 13th October 2020.")["date"] == "2020-10-13"


def test_decades_are_ranges_with_or_without_apostrophe():
    for text in ("the civil war of the 1990s", "the occupation in the 1990's"):
        d = _one(text)
        assert d["range"] == ["1990-01-01", "1999-12-31"] and d["granularity"] == "decade"


def test_offset_before_an_anchor_date():
    d = _one("He was assassinated just two days before September 11, 2001.")
    assert d["anchor"] == "2001-09-11"
    assert d["date"] == "2001-09-09"


def test_relative_dates_need_a_publication_date():
    assert _one("The dam opened yesterday.")["date"] == "2021-08-18"
    unresolved = _one("The dam opened on Sunday.", published=None)
    assert unresolved["date"] is None and unresolved["text"] == "on Sunday"


def test_modal_may_is_not_a_month():
    assert find_dates("It may rain, officials said.", published=THURSDAY) == []
