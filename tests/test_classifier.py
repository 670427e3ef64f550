"""The word-of-mouth classifier (queries/word_of_mouth/mention_classes.sql and queries/reference/), error class by
error class of issue 14, on sentences written for these tests (none is from the evaluation set)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.queries.evaluation import classify_texts

QUERIES = Path(__file__).parents[1] / "queries"


def classify(*texts: tuple[str, str | None]) -> list[dict[str, Any]]:
    return classify_texts(QUERIES, list(texts))


def sentiments(*texts: tuple[str, str | None]) -> list[str]:
    return [row["sentiment"] for row in classify(*texts)]


# 1. positive under-detected: word forms, single evaluative words, emoji, recommendation phrases ---------------------


def test_word_forms_and_single_evaluative_words_are_positive() -> None:
    assert (
        sentiments(
            ("La crema nuova è ottima, davvero", "it"),
            ("Le sue borse sono bellissime", "it"),
            ("Fantastic service at the Leeds shop", "en"),
            ("Excelente atención en la tienda de Sevilla", "es"),
            ("Der neue Rucksack ist einfach klasse", "de"),
            ("Produto incrível, chegou em dois dias", "pt"),
            ("Franchement magnifique, cette veste", "fr"),
        )
        == ["positive"] * 7
    )


def test_emoji_carry_sentiment_and_an_emoji_only_term_matches_only_that_emoji() -> None:
    rows = classify(("😍😍", None), ("🤮", None), ("...", None), ("", None))
    assert [r["sentiment"] for r in rows] == ["positive", "negative", "neutral", "neutral"]
    # an emoji-only term in the word lists never matches a text that is empty after cleaning
    assert rows[2]["matched_terms"] == [] and rows[3]["matched_terms"] == []


def test_a_recommendation_phrase_makes_the_mention_positive() -> None:
    (row,) = classify(("Os recomiendo la cafetería de la plaza", "es"))
    assert row["sentiment"] == "positive" and row["is_recommendation"]


# 2. definition: praise addressed to the brand is not a recommendation ----------------------------------------------


def test_thanks_and_praise_to_the_brand_are_praise_not_recommendations() -> None:
    rows = classify(
        ("Grazie @lumi_store, consegna velocissima e pacco perfetto", "it"),
        ("Obrigada @casa_flor pelo atendimento, foram uns amores", "pt"),
        ("Thank you @northkite, the replacement arrived today and it's lovely", "en"),
    )
    assert all(r["sentiment"] == "positive" and r["is_praise"] and not r["is_recommendation"] for r in rows)


def test_telling_others_is_a_recommendation() -> None:
    rows = classify(
        ("Provatelo, non ve ne pentirete", "it"),
        ("Go check them out, their soup is the best", "en"),
        ("Fidatevi: il servizio è impeccabile", "it"),
        ("Niemand kommt da ran, ein absolutes Muss", "de"),
    )
    assert [r["is_recommendation"] for r in rows] == [True, True, True, True]


# 3. disclosures ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Anzeige | Meine neue Lieblingsjacke von @nordwind", "de"),
        ("PUBLI: el nuevo sérum de @luz_cosmetica", "es"),
        ("Ad - trying the autumn menu at @oakhouse", "en"),
        ("Pubblicità 🌿 la mia routine con @verde_skin", "it"),
        ("Publicidade | testei o novo tênis da @passo_certo", "pt"),
        ("Publicité : la nouvelle gamme @ciel_bleu", "fr"),
        ("Got my PR package from @oakhouse today", "en"),
        ("Prodotto in omaggio da @verde_skin, ecco le mie impressioni", "it"),
        ("Mir kostenlos zur Verfügung gestellt von @nordwind", "de"),
        ("Kit enviado pela marca, obrigada @passo_certo", "pt"),
        ("Cadeau de la marque @ciel_bleu, merci !", "fr"),
        ("Paid partnership with @oakhouse", "en"),
        ("Con mi código LUZ15 tenéis un 15% en @luz_cosmetica", "es"),
    ],
)
def test_labels_gifts_partnerships_and_codes_are_paid(text: str, language: str) -> None:
    (row,) = classify((text, language))
    assert row["class"] == "paid", row["matched_terms"]
    assert row["class_reason"].split(":")[0] in {"disclosure", "label", "gift", "code"}


def test_ordinary_talk_about_ads_and_negated_disclosures_are_not_paid() -> None:
    rows = classify(
        ("I saw the ad for @oakhouse on the bus", "en"),
        ("Vi la publicidad de la tienda en la tele", "es"),
        ("Not sponsored, I just love this jacket from @nordwind", "en"),
        ("No es publi: me lo compré yo y me encanta", "es"),
        ("Unbezahlte Werbung, weil ich die Marke nenne", "de"),
        ("Ad agosto torno al negozio di Verona", "it"),
    )
    assert [r["class"] for r in rows] == ["authentic"] * 6


# 4. context the lists cannot see -------------------------------------------------------------------------------------


def test_negation_flips_and_a_negated_negative_is_mild_praise() -> None:
    assert sentiments(
        ("Non mi piace per niente il nuovo menù", "it"),
        ("No lo volvería a comprar, qué decepción", "es"),
        ("Pas mal du tout, ce nouveau café", "fr"),
        ("Gar nicht schlecht, die neue Kollektion", "de"),
        ("I don't love the new app", "en"),
        ("Não é ruim, gostei", "pt"),
    ) == ["negative", "negative", "positive", "positive", "negative", "positive"]


def test_a_negated_recommendation_is_no_recommendation() -> None:
    rows = classify(("No os lo recomiendo", "es"), ("I would not recommend them", "en"))
    assert [(r["is_recommendation"], r["sentiment"]) for r in rows] == [(False, "negative"), (False, "negative")]


def test_the_clause_after_but_decides() -> None:
    assert sentiments(
        ("Bello ma carissimo", "it"),
        ("Lovely fabric but terrible stitching", "en"),
        ("Caro, pero merece la pena", "es"),
    ) == ["negative", "negative", "positive"]


def test_questions_are_not_recommendations_and_judge_little() -> None:
    rows = classify(("Is it really worth it?", "en"), ("¿Vale la pena el plan anual?", "es"))
    assert [(r["is_recommendation"], r["sentiment"]) for r in rows] == [(False, "neutral"), (False, "neutral")]


def test_sarcasm_with_clear_cues_is_negative() -> None:
    rows = classify(
        ("Perfetto, ancora in ritardo 😒", "it"),
        ("great job losing my parcel again /s", "en"),
        ("Genial, otra vez sin cobertura 🙄", "es"),
    )
    assert [(r["sentiment"], r["is_recommendation"]) for r in rows] == [("negative", False)] * 3


# 5. German accents: schön is not schon -------------------------------------------------------------------------------


def test_german_schon_is_not_schoen() -> None:
    rows = classify(
        ("Ich habe die Bestellung schon gestern abgeschickt", "de"),
        ("Das Kleid ist wirklich schön", "de"),
        ("Schon wieder ist der Laden zu", "de"),
    )
    assert [r["sentiment"] for r in rows] == ["neutral", "positive", "neutral"]
    assert not any("schön" in t for t in rows[0]["matched_terms"])


def test_accent_sensitive_function_words() -> None:
    # Portuguese "mas" is but; Italian "né" is nor, and folding it would turn it into the clitic "ne"
    rows = classify(("Bonito, mas caro demais", "pt"), ("Non è né comodo né bello", "it"))
    assert [r["sentiment"] for r in rows] == ["negative", "negative"]


# language detection at ingest -----------------------------------------------------------------------------------------


def test_a_mention_without_language_is_read_in_its_detected_language() -> None:
    from pipeline.warehouse.language import detect

    assert detect("Das Kleid ist wirklich schön und bequem") == "de"
    assert detect("Grazie mille, servizio perfetto") == "it"
    assert detect("🔥🔥") is None
