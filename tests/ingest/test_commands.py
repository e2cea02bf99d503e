"""manage.py ingest."""

import json

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article
from tests.ingest.test_services import STORY


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_json_output_holds_each_article_as_the_api_detail(tmp_path):
    story = tmp_path / "harbour.txt"
    story.write_text(STORY, encoding="utf-8")
    out, _ = run(str(story), "--json")
    data = json.loads(out)
    assert [article["title"] for article in data["articles"]] == ["Harbour reopens after storm"]
    article = data["articles"][0]
    assert set(article) == {
        "id",
        "title",
        "outlet",
        "byline",
        "published_at",
        "source_url",
        "body",
        "captions",
        "claims",
    }
    assert article["id"] == Article.objects.get().pk


@pytest.mark.django_db
def test_plain_output_says_what_happened(tmp_path):
    story = tmp_path / "harbour.txt"
    story.write_text(STORY, encoding="utf-8")
    first, _ = run(str(story))
    again, _ = run(str(story))
    assert first.startswith("Ingested article") and again.startswith("Already ingested")


@pytest.mark.django_db
def test_bad_inputs_are_reported_and_fail_the_command(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   ", encoding="utf-8")
    with pytest.raises(CommandError):
        run(str(empty), str(tmp_path / "missing.txt"), "--json")
    assert Article.objects.count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_url_input_waits_for_the_fetch(allow_local_site):
    out, _ = run(allow_local_site.url("/article.html"), "--json", "--wait", "10")
    assert json.loads(out)["articles"][0]["title"] == "Dam opens after ten years of work"
