"""The ingest page and the article page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.ingest.services import article_ingest
from claims.models import Article, Claim
from tests.ingest.test_services import STORY


@pytest.fixture
def desk(client, fact_checker):
    client.force_login(fact_checker)
    return client


def test_ingest_form_is_for_staff_only(client, outsider):
    assert client.get("/articles/new/").status_code == 302  # to the sign-in page
    client.force_login(outsider)
    assert client.get("/articles/new/").status_code == 403


def test_form_shows_text_file_and_url_inputs(desk):
    html = desk.get("/articles/new/").content.decode()
    assert 'name="text"' in html and 'type="file"' in html and 'name="url"' in html
    assert 'enctype="multipart/form-data"' in html


def test_pasting_text_redirects_to_the_article(desk):
    response = desk.post("/articles/new/", {"text": STORY})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"


def test_uploading_a_file_redirects_to_the_article(desk):
    upload = SimpleUploadedFile("harbour.txt", STORY.encode(), content_type="text/plain")
    response = desk.post("/articles/new/", {"text": "", "file": upload})
    assert response.status_code == 302
    assert Article.objects.get().title == "Harbour reopens after storm"


def test_empty_text_shows_the_error_and_keeps_the_form(desk):
    response = desk.post("/articles/new/", {"text": "   ", "title": "Kept title"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The article is empty" in html
    assert 'value="Kept title"' in html
    assert Article.objects.count() == 0


def test_refused_url_shows_why(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post("/articles/new/", {"text": "", "url": "http://10.0.0.1/story"})
    # the fetch runs after the request's transaction here; its page says why it failed
    assert response.status_code == 302
    page = desk.get(response["Location"]).content.decode()
    assert "private or internal network address" in page
    assert Article.objects.count() == 0


def test_htmx_error_answers_with_the_form_fragment_only(desk):
    response = desk.post("/articles/new/", {"text": ""}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith("<form") and "<html" not in html
    assert "The article is empty" in html


def test_htmx_success_redirects_the_client(desk):
    response = desk.post("/articles/new/", {"text": STORY}, HTTP_HX_REQUEST="true")
    assert response.headers["HX-Redirect"] == f"/articles/{Article.objects.get().pk}/"


def test_article_page_marks_claims_and_lists_captions_separately(desk, fact_checker):
    raw = (
        "Flood defences hold\nAPRIL 2, 2024\nCITY DESK\n"
        "The council said 3,000 sandbags were laid on Friday.\n"
        "The mayor is seen at the river, April 1, 2024.JO BLOGGS/CITY PHOTO\n"
        "Residents were told to stay inside.\n"
    )
    article = article_ingest(text=raw, user=fact_checker)
    Claim.objects.filter(article=article).delete()
    start = article.body.index("The council")
    end = article.body.index("Friday.") + len("Friday.")
    Claim.objects.create(
        article=article, text=article.body[start:end], start=start, end=end, checkworthiness=0.9
    )
    html = desk.get(f"/articles/{article.pk}/").content.decode()
    assert ">The council said 3,000 sandbags were laid on Friday.</mark>" in html
    body_html = html.split('id="article-body">', 1)[1].split("</div>", 1)[0]
    assert "river" not in body_html
    assert (
        "The mayor is seen at the river, April 1, 2024." in html and "JO BLOGGS/CITY PHOTO" in html
    )
    assert "CITY DESK" in html


def test_script_in_an_article_is_rendered_escaped(desk, fact_checker):
    text = 'Hostile <script>alert("x")</script> text said 5 people <b>left</b> on Monday.'
    article = article_ingest(text=text, title="<img src=x onerror=alert(1)>", user=fact_checker)
    Claim.objects.filter(article=article).delete()
    Claim.objects.create(
        article=article, text=article.body[:30], start=0, end=30, checkworthiness=0.9
    )
    html = desk.get(f"/articles/{article.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>left</b>" not in html
    assert "<img src=x" not in html


def test_article_page_is_404_for_outsiders(client, outsider, fact_checker):
    article = article_ingest(text=STORY, user=fact_checker)
    client.force_login(outsider)
    assert client.get(f"/articles/{article.pk}/").status_code == 404


def test_article_list_links_each_article(desk, fact_checker):
    article = article_ingest(text=STORY, user=fact_checker)
    html = desk.get("/articles/").content.decode()
    assert f'href="/articles/{article.pk}/"' in html


def test_giving_text_and_a_url_together_is_refused(desk):
    response = desk.post("/articles/new/", {"text": STORY, "url": "https://example.com/a"})
    assert response.status_code == 400
    assert "only one of them" in response.content.decode()
    assert Article.objects.count() == 0


def test_sentences_below_the_threshold_stay_visible_but_unmarked(desk, fact_checker):
    article = article_ingest(
        text="The dam cost 400 million euros. It rained <a lot>.", user=fact_checker
    )
    Claim.objects.filter(article=article).delete()
    Claim.objects.create(
        article=article, text=article.body[:31], start=0, end=31, checkworthiness=0.9
    )
    article.sentences = [
        {"start": 0, "end": 31, "checkworthiness": 0.9, "type": "quantity"},
        {"start": 32, "end": len(article.body), "checkworthiness": 0.12, "type": "other"},
    ]
    article.save(update_fields=["sentences"])
    html = desk.get(f"/articles/{article.pk}/").content.decode()
    assert ">The dam cost 400 million euros.</mark>" in html
    assert (
        'class="sentence" title="Not a claim: check-worthiness 0.12">It rained &lt;a lot&gt;.</span>'
        in html
    )
