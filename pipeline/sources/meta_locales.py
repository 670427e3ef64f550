"""The headers Meta Business Suite writes in each interface language, mapped to the English names the adapter keys on.

A Content export ("Insights → Content → Export data") is written in the language of the person's Facebook interface:
the headers are translated, the values are not (captions stay as posted; ``Post type`` and ``Date`` are translated).
Every public parser of a Spanish, Italian, French or Portuguese export reads ``Publish time`` as ``MM/DD/YYYY HH:MM``
and the counts as plain digits (see the sources); the adapter still accepts day-first dates and ``1.234`` /
``1 234`` thousands (a file re-saved by a spreadsheet) and records the language per file.

Each alias says where it was seen. ``seen`` aliases appear in a public parser or fixture reading that language's
export; ``unsure`` ones are [UNSURE]: inferred from the wording of Meta's interface in that language, or taken from a
reconstruction, and never seen in a downloaded file. Matching ignores case, curly apostrophes (U+2019 in French
headers) and non-breaking spaces. Sources (no real download was available to this project; "index id" is the file's
id in the search index this project was researched with, for unnamed code):

- ``ref``: shared/reference/export-formats.md §2a (Facebook) and §2b (Instagram), the English layout.
- ``es-instapipe``: aroaxinping/instapipe : examples/sample_data.csv (a Spanish Instagram header in Meta's quoting,
  ``03/15/2026 14:30``, ``Total`` in ``Fecha``) and src/instapipe/clean.py (parses ``%m/%d/%Y %H:%M``).
- ``es-radio``: unnamed public code, a Streamlit loader of Spanish "Post Instagram.csv" / "Post Facebook.csv"
  exports read with ``%m/%d/%Y %H:%M`` (index ids 52997429672, 61565602798).
- ``es-importer``: unnamed public code, a "Meta Business Suite export importer" for a Mexican Page (index ids
  62130383971, 62395159174).
- ``es-ads``: unnamed public code, a CSV importer commented "detect cols (Spanish meta export)", reading
  ``Hora de publicación`` month first (index id 54858525419).
- ``it-report``: unnamed public code, a monthly report built from real Italian downloads
  (instagram-contenuti.csv, facebook-contenuti.csv), ``%m/%d/%Y %H:%M``, counts read with ``int()`` (index id
  68770520034).
- ``it-mbs``: unnamed public code reading the Italian Content CSV (``Jun-01-2026_Jun-30-2026_<id>.csv``) with
  ``%m/%d/%Y %H:%M`` (index id 54595406327).
- ``it-mapper``: unnamed public code, Italian column maps for Instagram and Facebook exports (index id 10731691838).
- ``fr-socialstats``: unnamed public code, a schema mapper tested on real French exports ("Les exports Meta utilisent
  MM/DD/YYYY HH:MM"; curly apostrophes and non-breaking spaces in headers; index ids 71020079931, 71098187293,
  71621837469).
- ``fr-importer``: unnamed public code, a French Facebook export parser ``parseMetaCSV`` (index id 59779682879).
- ``fr-stories``: unnamed public code, a French Instagram stories export reader, ``%m/%d/%Y %H:%M``, same column
  family as the posts export (index id 46114845465).
- ``pt-orbit``: unnamed public code ingesting a Brazilian Instagram export ``May-16-2026_Aug-29-2026_<id>.csv``:
  "O CSV usa o formato MM/DD/YYYY HH:MM" (index id 71352871596).
- ``pt-parsers``: unnamed public code, three more Brazilian Instagram readers (index ids 7071447852, 68788203102,
  66454666000, 62597724040).
- ``de-reconstruction``: the German header in export-formats.md §2b, from code that calls it "rekonstruiert" and
  asks to check it against a real export (index id 70884181608): every German alias is [UNSURE], and so are its
  ``01.09.2026 18:00`` dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

LOCALES = ("en", "es", "it", "de", "fr", "pt")  # ties between languages go to the first
DECIMAL_SEPARATOR = {"en": ".", "es": ",", "it": ",", "de": ",", "fr": ",", "pt": ","}


@dataclass(frozen=True)
class Alias:
    header: str  # as Meta writes it
    sources: tuple[str, ...]  # keys of the list in the module docstring
    unsure: bool = False  # [UNSURE]: inferred from Meta's interface wording or a reconstruction


def seen(header: str, *sources: str) -> Alias:
    return Alias(header, sources)


def unsure(header: str, *sources: str) -> Alias:
    return Alias(header, sources, unsure=True)


Table = dict[str, tuple[Alias, ...]]  # English name -> the headers Meta writes for it in one language


# The English layout (export-formats.md §2a, §2b): Facebook, then Instagram-only columns.
ENGLISH = (
    "Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time", "Caption type",
    "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels", "Funded content status",
    "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
    "Total clicks", "Other Clicks", "Link Clicks", "Matched Audience Targeting Consumption (Photo Click)",
    "Seconds viewed", "Average Seconds viewed", "3-Second Video Views", "Estimated earnings (USD)", "Ad impressions",
    "Ad CPM (USD)", "Impressions",
    "Account ID", "Account username", "Account name", "Likes", "Follows", "Saves", "Profile visits", "Replies",
    "Navigation", "Sticker taps",
)  # fmt: skip

SPANISH: Table = {
    "Post ID": (seen("Identificador de la publicación", "es-instapipe", "es-radio", "es-importer"),),
    "Page ID": (unsure("Identificador de la página"),),
    "Page name": (seen("Nombre de la página", "es-importer"),),
    "Title": (seen("Título", "es-ads", "es-importer"),),
    "Description": (seen("Descripción", "es-instapipe", "es-ads"),),
    "Duration (sec)": (seen("Duración (segundos)", "es-instapipe", "es-importer"),),
    "Publish time": (seen("Hora de publicación", "es-instapipe", "es-radio", "es-importer", "es-ads"),),
    "Permalink": (seen("Enlace permanente", "es-instapipe", "es-importer"),),
    "Post type": (seen("Tipo de publicación", "es-instapipe", "es-ads", "es-importer"),),
    "Funded content status": (unsure("Estado del contenido financiado"),),
    "Data comment": (seen("Comentario sobre los datos", "es-instapipe"),),
    "Date": (seen("Fecha", "es-instapipe"),),
    "Views": (seen("Visualizaciones", "es-instapipe", "es-ads", "es-importer"),),
    "Reach": (seen("Alcance", "es-instapipe", "es-ads", "es-radio"),),
    "Reactions, Comments and Shares": (seen("Reacciones, comentarios y veces que se ha compartido", "es-radio"),),
    "Reactions": (seen("Reacciones", "es-ads", "es-importer", "es-radio"),),
    "Comments": (seen("Comentarios", "es-instapipe", "es-ads"),),
    # Two wordings seen, probably Spain's and Latin America's interfaces (an inference).
    "Shares": (
        seen("Veces que se ha compartido", "es-instapipe", "es-radio"),
        seen("Veces que se compartió", "es-ads"),
    ),
    "Total clicks": (seen("Total de clics", "es-ads"),),
    "3-Second Video Views": (seen("Visualizaciones de vídeo de 3 segundos", "es-radio"),),
    "Impressions": (unsure("Impresiones", "es-importer"),),  # only a guess in that importer's candidate list
    "Account ID": (seen("Identificador de la cuenta", "es-instapipe"),),
    "Account username": (seen("Nombre de usuario de la cuenta", "es-instapipe"),),
    "Account name": (seen("Nombre de la cuenta", "es-instapipe"),),
    "Likes": (seen("Me gusta", "es-instapipe"),),
    "Follows": (seen("Seguidores", "es-instapipe"),),
    "Saves": (seen("Veces guardado", "es-instapipe"), seen("Veces que se guardó", "es-importer")),
}

ITALIAN: Table = {
    "Post ID": (unsure("ID del post"),),
    "Page ID": (unsure("ID della Pagina"),),
    "Page name": (unsure("Nome della Pagina"),),
    "Title": (seen("Titolo", "it-mapper"),),
    "Description": (seen("Descrizione", "it-mbs", "it-mapper"),),
    "Duration (sec)": (seen("Durata (s)", "it-report"),),
    "Publish time": (seen("Orario di pubblicazione", "it-report", "it-mbs", "it-mapper"),),
    "Permalink": (seen("Permalink", "it-mbs"),),
    "Post type": (seen("Tipo di post", "it-mbs", "it-mapper"),),
    "Data comment": (unsure("Commento sui dati"),),
    "Date": (unsure("Data"),),
    "Views": (seen("Visualizzazioni", "it-report", "it-mbs"),),
    "Reach": (seen("Copertura", "it-report", "it-mapper"),),
    "Reactions, Comments and Shares": (seen("Reazioni, commenti e condivisioni", "it-report", "it-mapper"),),
    "Reactions": (seen("Reazioni", "it-mapper"),),
    "Comments": (seen("Commenti", "it-report", "it-mbs", "it-mapper"),),
    "Shares": (seen("Condivisioni", "it-report", "it-mbs", "it-mapper"),),
    "Total clicks": (unsure("Clic totali"),),
    "Account ID": (seen("ID dell'account", "it-mbs"),),
    "Account username": (seen("Nome utente dell'account", "it-report", "it-mbs"),),
    "Account name": (seen("Nome account", "it-mbs"),),
    "Likes": (seen("Mi piace", "it-report", "it-mbs", "it-mapper"),),
    "Follows": (unsure("Follow"),),
    "Saves": (seen("Salvataggi", "it-report"),),
}

GERMAN: Table = {
    "Post ID": (unsure("Beitrags-ID", "de-reconstruction"),),
    "Page ID": (unsure("Seiten-ID"),),
    "Page name": (unsure("Seitenname"),),
    "Title": (unsure("Titel"),),
    "Description": (unsure("Beschreibung", "de-reconstruction"),),
    "Duration (sec)": (unsure("Dauer (Sek.)", "de-reconstruction"),),
    "Publish time": (unsure("Veröffentlichungszeitpunkt", "de-reconstruction"),),
    "Permalink": (unsure("Permalink", "de-reconstruction"),),
    "Post type": (unsure("Beitragstyp", "de-reconstruction"),),
    "Data comment": (unsure("Datenkommentar", "de-reconstruction"),),
    "Date": (unsure("Datum", "de-reconstruction"),),
    "Views": (unsure("Aufrufe", "de-reconstruction"),),
    "Reach": (unsure("Reichweite", "de-reconstruction"),),
    "Reactions": (unsure("Reaktionen"),),
    "Comments": (unsure("Kommentare", "de-reconstruction"),),
    "Shares": (unsure("Geteilte Inhalte", "de-reconstruction"),),
    "Total clicks": (unsure("Klicks insgesamt"),),
    "Account ID": (unsure("Konto-ID", "de-reconstruction"),),
    "Account username": (unsure("Konto-Benutzername", "de-reconstruction"),),
    "Account name": (unsure("Kontoname", "de-reconstruction"),),
    "Likes": (unsure("„Gefällt mir“-Angaben", "de-reconstruction"),),
    "Follows": (unsure("Follows", "de-reconstruction"),),
    "Saves": (unsure("Gespeicherte Beiträge", "de-reconstruction"),),
}

FRENCH: Table = {
    "Post ID": (seen("Identifiant de la publication", "fr-socialstats", "fr-importer", "fr-stories"),),
    "Page ID": (seen("ID de la Page", "fr-importer", "fr-socialstats"),),
    "Page name": (seen("Nom de la page", "fr-importer", "fr-socialstats"),),
    "Title": (seen("Titre", "fr-importer"),),
    "Description": (seen("Description", "fr-importer", "fr-stories"),),
    "Duration (sec)": (seen("Durée (s)", "fr-stories"),),
    "Publish time": (seen("Heure de publication", "fr-socialstats", "fr-importer", "fr-stories"),),
    "Permalink": (seen("Permalien", "fr-socialstats", "fr-importer", "fr-stories"),),
    "Is crosspost": (seen("Est un crosspostage", "fr-socialstats", "fr-importer"),),
    "Is share": (seen("Est un partage", "fr-importer"),),
    "Post type": (seen("Type de publication", "fr-socialstats", "fr-importer", "fr-stories"),),
    "Funded content status": (unsure("Statut du contenu financé"),),
    "Data comment": (seen("Commentaire des données", "fr-stories"),),
    "Date": (seen("Date", "fr-stories"),),
    "Views": (seen("Vues", "fr-socialstats", "fr-importer", "fr-stories"),),
    "Reach": (seen("Couverture", "fr-importer", "fr-stories"),),
    "Reactions, Comments and Shares": (seen("Réactions, commentaires et partages", "fr-importer"),),
    "Reactions": (seen("Réactions", "fr-importer", "fr-socialstats"),),
    "Comments": (seen("Commentaires", "fr-importer"),),
    "Shares": (seen("Partages", "fr-importer", "fr-stories"),),
    "Total clicks": (seen("Total des clics", "fr-importer"),),
    "Link Clicks": (seen("Clics sur un lien", "fr-importer"),),
    "3-Second Video Views": (unsure("Vues de vidéo de 3 secondes"),),
    "Account ID": (
        seen("ID du compte", "fr-stories", "fr-socialstats"),
        seen("Identifiant du compte", "fr-socialstats"),
    ),
    "Account username": (seen("Nom de profil du compte", "fr-stories", "fr-socialstats"),),
    "Account name": (seen("Nom du compte", "fr-stories", "fr-socialstats"),),
    "Likes": (seen("Mentions J'aime", "fr-stories", "fr-socialstats"),),
    "Follows": (seen("Followers en plus", "fr-stories", "fr-socialstats"),),
    "Saves": (seen("Enregistrements", "fr-socialstats"),),
    "Profile visits": (seen("Visites de profil", "fr-stories"), seen("Visites du profil", "fr-socialstats")),
}

PORTUGUESE: Table = {
    "Post ID": (seen("Identificação do post", "pt-orbit", "pt-parsers"),),
    "Page ID": (unsure("Identificação da Página"),),
    "Page name": (unsure("Nome da Página"),),
    "Title": (unsure("Título"),),
    "Description": (seen("Descrição", "pt-orbit", "pt-parsers"),),
    "Duration (sec)": (seen("Duração (s)", "pt-orbit", "pt-parsers"),),
    "Publish time": (seen("Horário de publicação", "pt-orbit", "pt-parsers"),),
    "Permalink": (seen("Link permanente", "pt-orbit", "pt-parsers"),),
    "Post type": (seen("Tipo de post", "pt-orbit", "pt-parsers"),),
    "Data comment": (unsure("Comentário sobre os dados"),),
    "Date": (seen("Data", "pt-orbit"),),
    "Views": (seen("Visualizações", "pt-orbit", "pt-parsers"),),
    "Reach": (seen("Alcance", "pt-orbit", "pt-parsers"),),
    "Reactions": (unsure("Reações"),),
    "Comments": (seen("Comentários", "pt-orbit", "pt-parsers"),),
    "Shares": (seen("Compartilhamentos", "pt-orbit", "pt-parsers"),),
    "Total clicks": (unsure("Total de cliques"),),
    "Account ID": (seen("Identificação da conta", "pt-orbit"),),
    "Account username": (seen("Nome de usuário da conta", "pt-orbit", "pt-parsers"),),
    "Account name": (seen("Nome da conta", "pt-orbit", "pt-parsers"),),
    "Likes": (seen("Curtidas", "pt-orbit", "pt-parsers"),),
    "Follows": (seen("Seguimentos", "pt-orbit", "pt-parsers"),),
    "Saves": (seen("Salvamentos", "pt-orbit", "pt-parsers"),),
}

ALIASES: dict[str, Table] = {
    "en": {name: (seen(name, "ref"),) for name in ENGLISH},
    "es": SPANISH,
    "it": ITALIAN,
    "de": GERMAN,
    "fr": FRENCH,
    "pt": PORTUGUESE,
}


def normalise(header: str) -> str:
    """The form headers are compared in: lower case, straight apostrophes, plain single spaces."""
    text = header.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


# locale -> normalised header -> English name
_LOOKUP = {
    locale: {normalise(alias.header): english for english, aliases in table.items() for alias in aliases}
    for locale, table in ALIASES.items()
}


@dataclass(frozen=True)
class HeaderMatch:
    """A header row read in one language."""

    locale: str
    english: dict[str, str]  # the file's header cell -> its English name (a cell no alias names stays as it is)
    score: int  # cells this language's aliases name

    def cell(self, name: str) -> str | None:
        """The file's header cell for the English ``name``, if the file has that column."""
        wanted = normalise(name)
        return next((cell for cell, english in self.english.items() if normalise(english) == wanted), None)


def read_header(cells: Iterable[str], locale: str) -> HeaderMatch:
    lookup = _LOOKUP[locale]
    english: dict[str, str] = {}
    for cell in cells:
        if cell.strip():
            # Meta leaves some new metrics untranslated, so an unknown cell keeps its own (English) name.
            english[cell] = lookup.get(normalise(cell), cell)
    return HeaderMatch(locale, english, sum(1 for cell in english if normalise(cell) in lookup))


def match_header(cells: Iterable[str], required: Iterable[str]) -> HeaderMatch | None:
    """The language whose aliases name the most header cells, among those in which every required column is found."""
    row = list(cells)
    matches = [read_header(row, locale) for locale in LOCALES]
    found = [m for m in matches if all(m.cell(name) is not None for name in required)]
    return max(found, key=lambda m: m.score, default=None)  # max keeps the first of equal scores: LOCALES order


def expected_header(locale: str, name: str) -> str:
    """How a file in ``locale`` names the English column ``name`` (its first alias), for error messages."""
    return next((alias.header for alias in ALIASES[locale].get(name, ())), name)


def english_names(cells: Iterable[str]) -> set[str]:
    """The English names of localised Meta headers among ``cells`` (for suggesting the nearest format)."""
    names = {normalise(c) for c in cells}
    return {english for lookup in _LOOKUP.values() for header, english in lookup.items() if header in names}
