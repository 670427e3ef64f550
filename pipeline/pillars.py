"""The report's pillars and what feeds them, declared once: every other module reads them from here.

A pillar is a section of the report and, but for vanity, a part of the health score: its id (the ``pillar:`` of a
query header, a page under ``pillars/``, a key of ``report.weights`` and ``report.targets``), its name in each of the
site's languages, and the health score figures a target can be set for (``queries/score/health_score.sql``).

Which warehouse tables feed a pillar is not declared: it is read from its queries (``queries/graph.py``), so a query
an analyst adds counts without a change here. What is declared is, per warehouse table, what a brand adds to fill it
(the exports, in each language) and the section of ``docs/reference/exports.md`` that says how; the export formats
themselves come from the adapters (``pipeline/coverage.py`` joins the two). A new pillar is one ``Pillar`` below (+ its
queries, + its figures in health_score.sql); a new table is one ``Feed``.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "es", "it")


@dataclass(frozen=True)
class Pillar:
    id: str
    names: dict[str, str]  # language -> what the site calls it
    figures: tuple[str, ...] = ()  # the health score's figures for it: what report.targets can set
    scored: bool = True  # False: shown for contrast only (vanity), never part of the health score

    def name(self, language: str) -> str:
        return self.names.get(language, self.names["en"])


PILLARS: tuple[Pillar, ...] = (
    Pillar(
        "word_of_mouth",
        {"en": "Word of mouth", "es": "Boca a boca", "it": "Passaparola"},
        ("authentic_recommendations",),
    ),
    Pillar(
        "traffic",
        {"en": "Traffic that converts", "es": "Tráfico que convierte", "it": "Traffico che converte"},
        ("sessions", "key_events_per_100_sessions"),
    ),
    Pillar(
        "loyalty",
        {"en": "Retention and loyalty", "es": "Retención y lealtad", "it": "Fidelizzazione"},
        ("returning_rate",),
    ),
    Pillar(
        "care",
        {"en": "Responsiveness and care", "es": "Respuesta y atención", "it": "Risposta e assistenza"},
        ("response_rate", "median_first_response_minutes"),
    ),
    Pillar(
        "reputation",
        {"en": "Reputation", "es": "Reputación", "it": "Reputazione"},
        ("net_sentiment",),
    ),
)
VANITY = Pillar(
    "vanity",
    {"en": "Likes, reach and followers", "es": "Me gusta, alcance y seguidores", "it": "Like, copertura e follower"},
    scored=False,
)
SCORE = "score"  # the health score's own section: its query reads every pillar's

PILLAR_IDS: tuple[str, ...] = tuple(p.id for p in PILLARS)  # the scored pillars, in the report's order
ALL_PILLARS: tuple[Pillar, ...] = (*PILLARS, VANITY)
HEADER_PILLARS: tuple[str, ...] = (*PILLAR_IDS, VANITY.id, SCORE)  # what a query header's `pillar:` may say
# The figures each pillar's health score is built from: what a target can be set for (report.targets).
SCORE_FIGURES: dict[str, tuple[str, ...]] = {p.id: p.figures for p in PILLARS}


def pillar(pillar_id: str) -> Pillar:
    return next(p for p in ALL_PILLARS if p.id == pillar_id)


@dataclass(frozen=True)
class Feed:
    """What fills a warehouse table: the exports a brand adds, in words, and where the docs say how."""

    table: str
    what: dict[str, str]  # language -> "your GA4 traffic acquisition export"
    docs: str  # the heading of the section of docs/reference/exports.md that says how to download it

    def words(self, language: str) -> str:
        return self.what.get(language, self.what["en"])


FEEDS: dict[str, Feed] = {
    feed.table: feed
    for feed in (
        Feed(
            "mentions",
            {
                "en": "a social listening export (Brandwatch, Talkwalker, Meltwater or any mentions CSV)",
                "es": "una exportación de escucha social (Brandwatch, Talkwalker, Meltwater o cualquier CSV de "
                "menciones)",
                "it": "un'esportazione di social listening (Brandwatch, Talkwalker, Meltwater o qualsiasi CSV di "
                "menzioni)",
            },
            "Brandwatch mentions: `brandwatch_mentions`",
        ),
        Feed(
            "posts",
            {
                "en": "your own posts exports (Meta Business Suite, X, LinkedIn)",
                "es": "las exportaciones de tus propias publicaciones (Meta Business Suite, X, LinkedIn)",
                "it": "le esportazioni dei tuoi post (Meta Business Suite, X, LinkedIn)",
            },
            "Meta Business Suite posts: `meta_facebook_posts`, `meta_instagram_posts`",
        ),
        Feed(
            "messages",
            {
                "en": "your inbox export (the conversations of your customer-service tool)",
                "es": "la exportación de tu bandeja de entrada (las conversaciones de tu herramienta de atención)",
                "it": "l'esportazione della tua casella dei messaggi (le conversazioni del tuo strumento di "
                "assistenza)",
            },
            "Inbox conversations (generic CSV): `inbox_csv`",
        ),
        Feed(
            "web_traffic",
            {
                "en": "your GA4 traffic acquisition export",
                "es": "tu exportación de adquisición de tráfico de GA4",
                "it": "l'esportazione di acquisizione del traffico di GA4",
            },
            "GA4 report download: `ga4_csv`",
        ),
        Feed(
            "orders",
            {
                "en": "your shop's orders export (Shopify)",
                "es": "la exportación de pedidos de tu tienda (Shopify)",
                "it": "l'esportazione degli ordini del tuo negozio (Shopify)",
            },
            "Shopify orders: `shopify_orders`",
        ),
        Feed(
            "followers_daily",
            {
                "en": "your followers exports (X account overview, LinkedIn followers)",
                "es": "las exportaciones de tus seguidores (resumen de la cuenta de X, seguidores de LinkedIn)",
                "it": "le esportazioni dei tuoi follower (panoramica dell'account X, follower di LinkedIn)",
            },
            "X analytics: `x_tweet_activity`, `x_content_analytics`, `x_account_overview`",
        ),
    )
}
EXPORTS_DOC = "docs/reference/exports.md"  # where every Feed's section is (a test checks the headings exist)
EXPORTS_PAGE = "reference/exports.md"  # the same page on the site, when the project's docs/ has it
