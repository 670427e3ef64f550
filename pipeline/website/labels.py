"""The site's own words in each interface language (config ``site.language``; Material gets the same code).

Query titles, descriptions and tile labels stay as the analysts wrote them; everything the generator itself says
comes from here. A new language is one more entry in ``WORDS`` (same keys) and in ``MONTHS``.
"""

from __future__ import annotations

from datetime import date

from pipeline.config import SITE_LANGUAGES

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
MONTH_YEAR = {"en": "{month} {year}", "es": "{month} de {year}", "it": "{month} {year}"}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "overview": "Overview",
        "word_of_mouth": "Word of mouth",
        "traffic": "Traffic that converts",
        "loyalty": "Retention and loyalty",
        "care": "Responsiveness and care",
        "reputation": "Reputation",
        "stopped": "What we stopped measuring",
        "methodology": "Methodology",
        "data_quality": "Data quality",
        "health_title": "{brand}: social health",
        "as_of": "Data as of {last}",
        "window": "data from {first} to {last}, {files} export files",
        "report_month": "Report month: {month}",
        "month_to_date": "{month} (to {day})",
        "vs_previous": "vs {month}",
        "vs_year": "vs a year before",
        "no_data": "no data",
        "not_measured": "not measured",
        "data_table": "Data table",
        "download_csv": "Download CSV",
        "weekly": "Week by week",
        "monthly": "Month by month",
        "queries_behind": "The queries behind this page",
        "alerts": "Active alerts",
        "alert_row": "{title}: {what}",
        "no_chart_rows": "Nothing to show: no row in this period.",
        "what_moved": "What moved",
        "reading": "{label}: {value} in {month}, {prev} on {prev_month} and {year} on a year before.",
        "reading_new": "{label}: {value} in {month}; there is no earlier month to compare with.",
        "reading_none": "{label}: no figure for {month}.",
        "up": "up {amount}",
        "down": "down {amount}",
        "unchanged": "unchanged",
        "better": "better",
        "worse": "worse",
        "pillar_scores": "The five pillars",
        "health_intro": "75 means as good as the brand's own last 12 weeks; above is better. "
        "Tiles compare {month} with the month before and with the same month a year before; "
        "green is better, red worse, whichever way the number moved.",
        "tiles_title": "Headline metrics",
        "overview_intro": "What this report measures: people recommending the brand on their own, traffic that "
        "converts, customers who come back and a brand that answers one to one. Likes and reach are kept apart, "
        "for contrast only.",
        "stopped_intro": "Likes, reach and followers are easy to buy and say little about the business. Here they "
        "are drawn next to the figures that matter, each as an index (its first month = 100), so the gap between "
        "applause and conversation shows.",
        "index_chart": "Applause against conversation (index, first month = 100)",
        "applause": "Applause (vanity)",
        "conversation": "Conversation (what matters)",
        "methodology_intro": "Generated from the query files and word lists of this version: every metric's "
        "definition, unit, grain, checks and SQL. It cannot drift from the code.",
        "definition": "Definition",
        "unit": "Unit",
        "grain": "Grain",
        "better_when": "Better when",
        "higher": "higher",
        "lower": "lower",
        "owner": "Owner",
        "checks": "Checks",
        "headline_values": "Headline values",
        "sql": "SQL",
        "word_lists": "Word lists",
        "word_lists_intro": "Terms used to classify mentions (queries/reference/word_lists.csv).",
        "terms": "terms",
        "accuracy": "How far to trust the word-of-mouth classes",
        "accuracy_intro": "When an export has no sentiment, and always for recommendations and disclosures, the "
        "project's rules decide (mention_classes). These figures compare the rules with mentions labelled by hand "
        "(queries/evaluation/, labelling guide in docs/reference/labelling.md), measured on {n} labelled mentions. "
        "Precision: of the mentions the rules put in a class, the share a person would put there too; recall: of "
        "the mentions a person puts in a class, the share the rules find. The rules were written with half of these "
        "mentions in view (the even ids), so on mentions nobody has read the figures are lower: treat them as an "
        "upper bound.",
        "accuracy_language": "language",
        "accuracy_measured": "measured on",
        "accuracy_mentions": "labelled mentions",
        "accuracy_paid": "paid: precision / recall",
        "accuracy_recommendation": "authentic recommendation: precision / recall",
        "accuracy_sentiment": "sentiment: macro-F1",
        "accuracy_all": "all",
        "version_line": "Data {first} to {last} · built {built} · queries {commit} · inputs {inputs}",
    },
    "es": {
        "overview": "Resumen",
        "word_of_mouth": "Boca a boca",
        "traffic": "Tráfico que convierte",
        "loyalty": "Retención y lealtad",
        "care": "Respuesta y atención",
        "reputation": "Reputación",
        "stopped": "Lo que dejamos de medir",
        "methodology": "Metodología",
        "data_quality": "Calidad de los datos",
        "health_title": "{brand}: salud social",
        "as_of": "Datos hasta el {last}",
        "window": "datos del {first} al {last}, {files} archivos exportados",
        "report_month": "Mes del informe: {month}",
        "month_to_date": "{month} (hasta el {day})",
        "vs_previous": "frente a {month}",
        "vs_year": "frente a un año antes",
        "no_data": "sin datos",
        "not_measured": "sin medir",
        "data_table": "Tabla de datos",
        "download_csv": "Descargar CSV",
        "weekly": "Semana a semana",
        "monthly": "Mes a mes",
        "queries_behind": "Las consultas detrás de esta página",
        "alerts": "Alertas activas",
        "alert_row": "{title}: {what}",
        "no_chart_rows": "Nada que mostrar: ninguna fila en este periodo.",
        "what_moved": "Qué ha cambiado",
        "reading": "{label}: {value} en {month}, {prev} respecto a {prev_month} y {year} respecto a un año antes.",
        "reading_new": "{label}: {value} en {month}; no hay un mes anterior con el que comparar.",
        "reading_none": "{label}: sin cifra para {month}.",
        "up": "sube {amount}",
        "down": "baja {amount}",
        "unchanged": "sin cambios",
        "better": "mejor",
        "worse": "peor",
        "pillar_scores": "Los cinco pilares",
        "health_intro": "75 significa tan bien como las últimas 12 semanas de la propia marca; por encima es mejor. "
        "Las fichas comparan {month} con el mes anterior y con el mismo mes un año antes; verde es mejor, rojo "
        "peor, en cualquier dirección que se mueva la cifra.",
        "tiles_title": "Métricas principales",
        "overview_intro": "Qué mide este informe: personas que recomiendan la marca por su cuenta, tráfico que "
        "convierte, clientes que vuelven y una marca que responde uno a uno. Los «me gusta» y el alcance se "
        "muestran aparte, solo como contraste.",
        "stopped_intro": "Los «me gusta», el alcance y los seguidores se compran fácilmente y dicen poco del "
        "negocio. Aquí aparecen junto a las cifras que importan, cada una como índice (su primer mes = 100), para "
        "que se vea la distancia entre aplauso y conversación.",
        "index_chart": "Aplauso frente a conversación (índice, primer mes = 100)",
        "applause": "Aplauso (vanidad)",
        "conversation": "Conversación (lo que importa)",
        "methodology_intro": "Generada a partir de las consultas y listas de palabras de esta versión: la "
        "definición, unidad, granularidad, controles y SQL de cada métrica. No puede desviarse del código.",
        "definition": "Definición",
        "unit": "Unidad",
        "grain": "Granularidad",
        "better_when": "Mejor cuando es",
        "higher": "más alta",
        "lower": "más baja",
        "owner": "Responsable",
        "checks": "Controles",
        "headline_values": "Valores principales",
        "sql": "SQL",
        "word_lists": "Listas de palabras",
        "word_lists_intro": "Términos usados para clasificar las menciones (queries/reference/word_lists.csv).",
        "terms": "términos",
        "accuracy": "Cuánto fiarse de las clases del boca a boca",
        "accuracy_intro": "Cuando una exportación no trae sentimiento, y siempre para recomendaciones y "
        "publicidad declarada, deciden las reglas del proyecto (mention_classes). Estas cifras las comparan con "
        "menciones etiquetadas a mano (queries/evaluation/, guía en docs/reference/labelling.md), medidas sobre "
        "{n} menciones etiquetadas. Precisión: de las menciones que las reglas ponen en una clase, la parte que una "
        "persona pondría también; exhaustividad: de las que una persona pone en una clase, la parte que las reglas "
        "encuentran. Las reglas se escribieron mirando la mitad de estas menciones (los id pares), así que sobre "
        "menciones que nadie ha leído las cifras son más bajas: tómalas como un máximo.",
        "accuracy_language": "idioma",
        "accuracy_measured": "medido sobre",
        "accuracy_mentions": "menciones etiquetadas",
        "accuracy_paid": "publicidad: precisión / exhaustividad",
        "accuracy_recommendation": "recomendación auténtica: precisión / exhaustividad",
        "accuracy_sentiment": "sentimiento: F1 macro",
        "accuracy_all": "todos",
        "version_line": "Datos del {first} al {last} · generado {built} · consultas {commit} · entradas {inputs}",
    },
    "it": {
        "overview": "Panoramica",
        "word_of_mouth": "Passaparola",
        "traffic": "Traffico che converte",
        "loyalty": "Fidelizzazione",
        "care": "Risposta e assistenza",
        "reputation": "Reputazione",
        "stopped": "Cosa abbiamo smesso di misurare",
        "methodology": "Metodologia",
        "data_quality": "Qualità dei dati",
        "health_title": "{brand}: salute social",
        "as_of": "Dati al {last}",
        "window": "dati dal {first} al {last}, {files} file esportati",
        "report_month": "Mese del report: {month}",
        "month_to_date": "{month} (fino al {day})",
        "vs_previous": "rispetto a {month}",
        "vs_year": "rispetto a un anno prima",
        "no_data": "nessun dato",
        "not_measured": "non misurato",
        "data_table": "Tabella dei dati",
        "download_csv": "Scarica CSV",
        "weekly": "Settimana per settimana",
        "monthly": "Mese per mese",
        "queries_behind": "Le query dietro questa pagina",
        "alerts": "Allerte attive",
        "alert_row": "{title}: {what}",
        "no_chart_rows": "Niente da mostrare: nessuna riga in questo periodo.",
        "what_moved": "Cosa è cambiato",
        "reading": "{label}: {value} a {month}, {prev} rispetto a {prev_month} e {year} rispetto a un anno prima.",
        "reading_new": "{label}: {value} a {month}; non c'è un mese precedente con cui confrontare.",
        "reading_none": "{label}: nessun valore per {month}.",
        "up": "in crescita di {amount}",
        "down": "in calo di {amount}",
        "unchanged": "invariato",
        "better": "meglio",
        "worse": "peggio",
        "pillar_scores": "I cinque pilastri",
        "health_intro": "75 significa come le ultime 12 settimane del brand stesso; sopra è meglio. I riquadri "
        "confrontano {month} con il mese precedente e con lo stesso mese di un anno prima; verde è meglio, rosso "
        "peggio, in qualunque direzione si muova il numero.",
        "tiles_title": "Metriche principali",
        "overview_intro": "Cosa misura questo report: persone che consigliano il brand di loro iniziativa, traffico "
        "che converte, clienti che tornano e un brand che risponde uno a uno. Like e copertura sono tenuti a "
        "parte, solo per contrasto.",
        "stopped_intro": "Like, copertura e follower si comprano facilmente e dicono poco del business. Qui sono "
        "disegnati accanto ai numeri che contano, ciascuno come indice (primo mese = 100), perché si veda la "
        "distanza tra applauso e conversazione.",
        "index_chart": "Applauso contro conversazione (indice, primo mese = 100)",
        "applause": "Applauso (vanità)",
        "conversation": "Conversazione (ciò che conta)",
        "methodology_intro": "Generata dai file delle query e dalle liste di parole di questa versione: "
        "definizione, unità, granularità, controlli e SQL di ogni metrica. Non può divergere dal codice.",
        "definition": "Definizione",
        "unit": "Unità",
        "grain": "Granularità",
        "better_when": "Meglio quando è",
        "higher": "più alto",
        "lower": "più basso",
        "owner": "Responsabile",
        "checks": "Controlli",
        "headline_values": "Valori principali",
        "sql": "SQL",
        "word_lists": "Liste di parole",
        "word_lists_intro": "Termini usati per classificare le menzioni (queries/reference/word_lists.csv).",
        "terms": "termini",
        "accuracy": "Quanto fidarsi delle classi del passaparola",
        "accuracy_intro": "Quando un export non ha il sentiment, e sempre per raccomandazioni e pubblicità "
        "dichiarata, decidono le regole del progetto (mention_classes). Queste cifre le confrontano con menzioni "
        "etichettate a mano (queries/evaluation/, guida in docs/reference/labelling.md), misurate su {n} menzioni "
        "etichettate. Precisione: delle menzioni che le regole mettono in una classe, la quota che una persona "
        "metterebbe lì; richiamo: di quelle che una persona mette in una classe, la quota che le regole trovano. "
        "Le regole sono state scritte guardando metà di queste menzioni (gli id pari), quindi su menzioni che nessuno "
        "ha letto le cifre sono più basse: consideratele un massimo.",
        "accuracy_language": "lingua",
        "accuracy_measured": "misurato su",
        "accuracy_mentions": "menzioni etichettate",
        "accuracy_paid": "pubblicità: precisione / richiamo",
        "accuracy_recommendation": "raccomandazione autentica: precisione / richiamo",
        "accuracy_sentiment": "sentiment: F1 macro",
        "accuracy_all": "tutte",
        "version_line": "Dati dal {first} al {last} · generato {built} · query {commit} · input {inputs}",
    },
}


class Labels:
    def __init__(self, language: str) -> None:
        self.language = language if language in SITE_LANGUAGES else "en"
        self.words = WORDS[self.language]

    def __call__(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def month(self, day: date) -> str:
        """The month's name with its year: "October 2026", "octubre de 2026", "ottobre 2026"."""
        name = MONTHS[self.language].split()[day.month - 1]
        return MONTH_YEAR[self.language].format(month=name, year=day.year)

    def short_month(self, day: date) -> str:
        return MONTHS[self.language].split()[day.month - 1][:3] + f" {day.year}"
