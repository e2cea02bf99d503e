"""The article endpoints: ingest an article, list articles, read one with its claims.

``POST /api/v1/articles/`` takes JSON ``{"text" | "html" | "url", "title"?, "outlet"?,
"published_at"?, "source_url"?}`` or a multipart upload (``file``: .txt or .html). Text, HTML
and files answer 201 with the article detail (200 with the existing article when it was
ingested before). A URL is fetched by a task: 202 with a status URL while it runs, or the
article detail straight away when the task ran inline. Bad input answers 400 with
``{"detail", "code", "field"}``; nothing is saved.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from claims.api.errors import ErrorSerializer, error_responses
from claims.api.pagination import DeskPagination
from claims.ingest.services import article_fetch_outcome, article_fetch_request, article_ingest
from claims.ingest.validation import ArticleRejected
from claims.matching.api import RelatedField
from claims.models import Article, ArticleFetch, Claim, Outlet
from claims.permissions import articles_for, get_article_for, is_staff_member

# --- Output -------------------------------------------------------------------------------------


class OutletSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["name", "domain"]


class ArticleClaimSerializer(serializers.ModelSerializer):
    related = RelatedField()  # [{claim, relation, similarity}], kept by claims.matching

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "type",
            "checkworthiness",
            "claimant",
            "start",
            "end",
            "status",
            "entities",
            "quantities",
            "dates",
            "signals",
            "related",
        ]


class ArticleDetailSerializer(serializers.ModelSerializer):
    outlet = OutletSerializer(allow_null=True)
    source_url = serializers.CharField(help_text="Where the article came from, or empty.")
    captions = serializers.JSONField()
    claims = ArticleClaimSerializer(many=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "outlet",
            "byline",
            "published_at",
            "source_url",
            "body",
            "captions",
            "claims",
        ]


class ArticleListItemSerializer(serializers.ModelSerializer):
    outlet = OutletSerializer(allow_null=True)
    source_url = serializers.CharField()
    claim_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "byline",
            "published_at",
            "source_url",
            "claim_count",
            "created_at",
        ]

    def get_url(self, article) -> str:
        return reverse("api-article-detail", args=[article.pk])


class ArticleFetchSerializer(serializers.ModelSerializer):
    article_url = serializers.SerializerMethodField()
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = ArticleFetch
        fields = [
            "id",
            "url",
            "status",
            "error",
            "article",
            "article_url",
            "status_url",
            "created_at",
            "updated_at",
        ]

    def get_article_url(self, fetch) -> str | None:
        return reverse("api-article-detail", args=[fetch.article_id]) if fetch.article_id else None

    def get_status_url(self, fetch) -> str:
        return reverse("api-article-fetch-detail", args=[fetch.pk])


class ArticleIngestSerializer(serializers.Serializer):
    """Documents the request; the service validates it (its messages are the ones people see)."""

    text = serializers.CharField(required=False, help_text="The article's plain text.")
    html = serializers.CharField(required=False, help_text="The article page's HTML.")
    url = serializers.CharField(
        required=False, help_text="The article's web address (fetched by a task)."
    )
    file = serializers.FileField(required=False, help_text="A .txt or .html file (multipart).")
    title = serializers.CharField(required=False)
    outlet = serializers.CharField(required=False, help_text="The outlet's name.")
    published_at = serializers.CharField(required=False, help_text="YYYY-MM-DD or ISO 8601.")
    source_url = serializers.CharField(required=False)


class IngestErrorSerializer(ErrorSerializer):
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per input field (absent when the body itself could not be read).",
    )


def article_detail_data(article: Article) -> dict:
    """The article detail as the API, the ingest command and the tests see it."""
    article = (
        Article.objects.select_related("outlet")
        .prefetch_related(Prefetch("claims", queryset=Claim.objects.order_by("start", "id")))
        .get(pk=article.pk)
    )
    return ArticleDetailSerializer(article).data


# --- Views --------------------------------------------------------------------------------------

INPUT_FIELDS = ("text", "html", "url")
OPTION_FIELDS = ("title", "outlet", "published_at", "source_url")


def _require_staff(request) -> None:
    if not request.user or not request.user.is_authenticated:
        raise NotAuthenticated("Sign in as a fact-checker or editor to add articles.")
    if not is_staff_member(request.user):
        raise PermissionDenied("Only fact-checkers and editors can add articles.")


def _rejected(error: ArticleRejected) -> Response:
    return Response(error.as_dict(), status=status.HTTP_400_BAD_REQUEST)


def _string_fields(data) -> dict:
    """The request's text fields; a non-string value is refused with a field error."""
    values = {}
    for name in INPUT_FIELDS + OPTION_FIELDS:
        if name not in data:
            continue
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ArticleRejected(f"“{name}” must be a string.", code="invalid_type", field=name)
        values[name] = value
    return values


class ArticleCollection(generics.ListAPIView):
    """GET: the articles you may see, newest first. POST: ingest an article."""

    serializer_class = ArticleListItemSerializer
    pagination_class = DeskPagination
    permission_classes = [AllowAny]  # POST checks the role itself; anonymous readers see none
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        return (
            articles_for(self.request.user)
            .select_related("outlet")
            .annotate(claim_count=Count("claims"))
            .order_by("-created_at", "-id")
        )

    @extend_schema(summary="List articles")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={
            "application/json": ArticleIngestSerializer,
            "multipart/form-data": ArticleIngestSerializer,
        },
        responses={
            201: ArticleDetailSerializer,
            200: ArticleDetailSerializer,
            202: ArticleFetchSerializer,
            400: OpenApiResponse(
                IngestErrorSerializer, description="The input was refused; nothing saved."
            ),
            **error_responses(401, 403),
        },
        summary="Ingest an article (text, HTML, file upload or URL)",
    )
    def post(self, request, *args, **kwargs):
        return article_create(request)


article_list = ArticleCollection.as_view()


def article_create(request) -> Response:
    _require_staff(request)
    if not hasattr(request.data, "get"):
        return _rejected(ArticleRejected("Send a JSON object or a form.", code="invalid_body"))
    try:
        fields = _string_fields(request.data)
        upload = request.FILES.get("file")
        options = {name: fields[name] for name in OPTION_FIELDS if name in fields}
        if "url" in fields and upload is None and "text" not in fields and "html" not in fields:
            return _fetch_response(
                request,
                article_fetch_request(url=fields["url"], user=request.user, options=options),
            )
        article = article_ingest(
            text=fields.get("text"),
            html=fields.get("html"),
            url=fields.get("url"),
            file=upload,
            user=request.user,
            **options,
        )
    except ArticleRejected as error:
        return _rejected(error)
    code = status.HTTP_201_CREATED if getattr(article, "created_now", True) else status.HTTP_200_OK
    response = Response(article_detail_data(article), status=code)
    response["Location"] = reverse("api-article-detail", args=[article.pk])
    return response


def _fetch_response(request, fetch: ArticleFetch) -> Response:
    """A URL ingest: the article if the task already finished (eager mode), else 202 to poll."""
    status_url = reverse("api-article-fetch-detail", args=[fetch.pk])
    try:
        article = article_fetch_outcome(fetch)
    except ArticleRejected as error:
        response = _rejected(error)
        response["Location"] = status_url
        return response
    if article is not None:
        response = Response(article_detail_data(article), status=status.HTTP_201_CREATED)
        response["Location"] = reverse("api-article-detail", args=[article.pk])
        return response
    response = Response(ArticleFetchSerializer(fetch).data, status=status.HTTP_202_ACCEPTED)
    response["Location"] = status_url
    return response


@extend_schema(responses={200: ArticleDetailSerializer, **error_responses(404)})
@api_view(["GET"])
@permission_classes([AllowAny])  # the permission-aware fetcher answers 404 for what you may not see
def article_detail(request, pk: int):
    article = get_article_for(request.user, pk)
    return Response(article_detail_data(article))


@extend_schema(responses={200: ArticleFetchSerializer, **error_responses(401, 403, 404)})
@api_view(["GET"])
def article_fetch_detail(request, pk: int):
    """The state of a URL ingest: pending, running, done (with the article) or failed (with why)."""
    _require_staff(request)
    fetch = ArticleFetch.objects.filter(pk=pk).first()
    if fetch is None:
        return Response(
            {"detail": f"No article fetch with id {pk}."}, status=status.HTTP_404_NOT_FOUND
        )
    return Response(ArticleFetchSerializer(fetch).data)
