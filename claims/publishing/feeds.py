"""The Atom feed of published verdicts and their corrections (django.contrib.syndication).

Every published version is an entry: a first publication reads "<Rating>: <claim>", a correction
"Corrected: <Rating>: <claim>" with the correction note and date in its summary. Superseded
versions stay in the feed (their pages point to the current version), withdrawn ones leave it.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..models import Verdict
from ..ratings import get_rating

FEED_SIZE = 50


class VerdictFeed(Feed):
    feed_type = Atom1Feed
    description = "Published verdicts and corrections."

    def title(self) -> str:
        return f"{settings.CLAIMDESK_ORGANISATION['name']}: verdicts"

    def link(self) -> str:
        return reverse("verdict_index")

    def items(self):
        return (
            Verdict.objects.filter(status__in=[Verdict.Status.PUBLISHED, Verdict.Status.SUPERSEDED])
            .select_related("claim")
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def _label(self, verdict: Verdict) -> str:
        rating = get_rating(verdict.rating)
        return rating.label if rating else verdict.rating

    def item_title(self, verdict: Verdict) -> str:
        title = f"{self._label(verdict)}: {verdict.claim.text}"
        return f"Corrected: {title}" if verdict.corrects_id else title

    def item_description(self, verdict: Verdict) -> str:
        if verdict.corrects_id:
            return f"Corrected on {verdict.published_at:%Y-%m-%d}: {verdict.correction_note} — {verdict.summary}"
        return verdict.summary

    def item_link(self, verdict: Verdict) -> str:
        return reverse("verdict_public", args=[verdict.pk])

    def item_pubdate(self, verdict: Verdict):
        return verdict.published_at

    def item_updateddate(self, verdict: Verdict):
        return verdict.published_at

    def item_categories(self, verdict: Verdict) -> list[str]:
        return ["correction"] if verdict.corrects_id else ["verdict"]
