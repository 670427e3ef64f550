"""The site's own words in each interface language (config ``site.language``; Material gets the same code).

Query titles, descriptions and tile labels stay as the analysts wrote them; everything the generator itself says
comes from here. A new language is one more entry in ``WORDS`` (same keys) and in ``MONTHS``, and its words for each
pillar and feed in ``pipeline/pillars.py`` (a pillar's id is its key here: ``words("care")``).
"""

from __future__ import annotations

from datetime import date

from pipeline.config import SITE_LANGUAGES
from pipeline.pillars import ALL_PILLARS, FEEDS

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
MONTH_YEAR = {"en": "{month} {year}", "es": "{month} de {year}", "it": "{month} {year}"}

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "overview": "Overview",
        "vanity_missing": "None of the exports these figures come from has data yet. To measure them, {add}.",
        "or": " or ",
        "add_what": "add {what} (see {docs})",
        "tile_add": "add {what}",
        "no_sources": "no query of it reads an export yet",
        "not_measured_yet": "Not measured yet",
        "pillar_missing": "None of the exports this pillar reads has data yet, so it is not measured and the health "
        "score leaves it out. To measure it, {add}.",
        "query_missing": "Not measured yet: the exports it reads have no data. To measure it, {add}.",
        "overview_missing": "Not measured yet: the health score is computed from the other pillars.",
        "lead_missing_one": "{pillars} is not measured yet, and the health score leaves it out: {add}.",
        "lead_missing_many": "{pillars} are not measured yet, and the health score leaves them out: {add}.",
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
        "reading_new": "{label}: {value} in {month}; there is no earlier month to compare with.",
        "reading_none": "{label}: no figure for {month}.",
        "up": "up {amount}",
        "down": "down {amount}",
        "unchanged": "unchanged",
        "better": "better",
        "worse": "worse",
        "pillar_scores": "The five pillars",
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
        "reading": "{label}: {value} in {month}, {moved} on {then_month}.",
        "reading_other": ", and {moved} on {then_month}.",
        "no_comparison": "no earlier month to compare with",
        "within_noise": "within its usual ups and downs",
        "health_intro": "75 means as good as the brand's baseline ({baseline}); above is better. Momentum compares "
        "each week with the 12 weeks before it. Tiles compare {month} with {then}, and turn green or red only when "
        "the change is beyond the tile's usual ups and downs.",
        "baseline_default": "each figure's first 12 complete months of data",
        "baseline_period": "{first} to {last}",
        "baseline_targets": "; figures with a target in the config are scored against it",
        "compare_year": "the same month a year before",
        "compare_quarter": "the month three months before",
        "compare_month": "the month before",
        "lead_score": "The health score is {now} in {month}, against {then} in {then_month} (75 = as good as the "
        "baseline).",
        "lead_score_new": "The health score is {now} in {month} (75 = as good as the baseline).",
        "lead_better": "Compared with {month}, {items}.",
        "lead_worse": "On the other hand, {items}.",
        "lead_rose": "{label} rose from {then} to {now} ({change})",
        "lead_fell": "{label} fell from {then} to {now} ({change})",
        "lead_when": "{item} ({shown} against {then_month})",
        "lead_count": "Of the {total} tiles below, {better} read better, {worse} worse and {flat} within their usual "
        "ups and downs.",
        "lead_vanity": "Applause, which the score leaves out, went its own way: {items}.",
        "lead_and": " and ",
        "rolling_name": "{label} (4-week average)",
        "weekly_points": "{label} (week by week)",
        "reference_section": "For analysts",
        "property": "Property",
        "value": "Value",
        "pillar_fact": "Pillar",
        "file_fact": "File",
        "list": "List",
        "daily": "Day by day",
        "by_x": "By {what}",
        "tiles_rule_title": "How tiles are judged",
        "tiles_rule": "Each tile compares the month it shows with {then} (report.compare: {compare} in the config); "
        "when that month has no value, with the month before. It turns green or red only when the change is beyond "
        "noise, at least: {thresholds}. A smaller change is shown in grey, with its number. The other comparison is "
        "shown as text, never coloured. The overview's lead is written from the same numbers.",
    },
    "es": {
        "overview": "Resumen",
        "vanity_missing": "Ninguna de las exportaciones de las que salen estas cifras tiene datos todavía. Para "
        "medirlas, {add}.",
        "or": " o ",
        "add_what": "añade {what} (ver {docs})",
        "tile_add": "añade {what}",
        "no_sources": "ninguna de sus consultas lee una exportación todavía",
        "not_measured_yet": "Aún sin medir",
        "pillar_missing": "Ninguna de las exportaciones que lee este pilar tiene datos todavía: no se mide y la "
        "puntuación de salud lo deja fuera. Para medirlo, {add}.",
        "query_missing": "Aún sin medir: las exportaciones que lee no tienen datos. Para medirlo, {add}.",
        "overview_missing": "Aún sin medir: la puntuación de salud se calcula con los demás pilares.",
        "lead_missing_one": "{pillars} aún no se mide y la puntuación de salud lo deja fuera: {add}.",
        "lead_missing_many": "{pillars} aún no se miden y la puntuación de salud los deja fuera: {add}.",
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
        "reading_new": "{label}: {value} en {month}; no hay un mes anterior con el que comparar.",
        "reading_none": "{label}: sin cifra para {month}.",
        "up": "sube {amount}",
        "down": "baja {amount}",
        "unchanged": "sin cambios",
        "better": "mejor",
        "worse": "peor",
        "pillar_scores": "Los cinco pilares",
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
        "reading": "{label}: {value} en {month}, {moved} respecto a {then_month}.",
        "reading_other": " y {moved} respecto a {then_month}.",
        "no_comparison": "sin mes anterior con el que comparar",
        "within_noise": "dentro de sus altibajos habituales",
        "health_intro": "75 significa tan bien como la línea base de la marca ({baseline}); por encima es mejor. El "
        "impulso compara cada semana con las 12 anteriores. Las fichas comparan {month} con {then} y solo se ponen "
        "verdes o rojas cuando el cambio supera los altibajos habituales de la ficha.",
        "baseline_default": "los primeros 12 meses completos de datos de cada cifra",
        "baseline_period": "de {first} a {last}",
        "baseline_targets": "; las cifras con un objetivo en la configuración se puntúan frente a él",
        "compare_year": "el mismo mes un año antes",
        "compare_quarter": "el mes de tres meses antes",
        "compare_month": "el mes anterior",
        "lead_score": "La puntuación de salud es {now} en {month}, frente a {then} en {then_month} (75 = tan bien "
        "como la línea base).",
        "lead_score_new": "La puntuación de salud es {now} en {month} (75 = tan bien como la línea base).",
        "lead_better": "Respecto a {month}, {items}.",
        "lead_worse": "En cambio, {items}.",
        "lead_rose": "{label} pasó de {then} a {now} ({change})",
        "lead_fell": "{label} pasó de {then} a {now} ({change})",
        "lead_when": "{item} ({shown} frente a {then_month})",
        "lead_count": "De las {total} fichas de abajo, {better} están mejor, {worse} peor y {flat} dentro de sus "
        "altibajos habituales.",
        "lead_vanity": "El aplauso, que la puntuación deja fuera, fue por su lado: {items}.",
        "lead_and": " y ",
        "rolling_name": "{label} (media de 4 semanas)",
        "weekly_points": "{label} (semana a semana)",
        "reference_section": "Para analistas",
        "property": "Propiedad",
        "value": "Valor",
        "pillar_fact": "Pilar",
        "file_fact": "Archivo",
        "list": "Lista",
        "daily": "Día a día",
        "by_x": "Por {what}",
        "tiles_rule_title": "Cómo se juzgan las fichas",
        "tiles_rule": "Cada ficha compara el mes que muestra con {then} (report.compare: {compare} en la "
        "configuración); si ese mes no tiene valor, con el mes anterior. Solo se pone verde o roja cuando el cambio "
        "supera el ruido, al menos: {thresholds}. Un cambio menor se muestra en gris, con su cifra. La otra "
        "comparación se muestra como texto, nunca en color. La entradilla del resumen se escribe con las mismas "
        "cifras.",
    },
    "it": {
        "overview": "Panoramica",
        "vanity_missing": "Nessuna delle esportazioni da cui vengono queste cifre ha ancora dati. Per misurarle, "
        "{add}.",
        "or": " o ",
        "add_what": "aggiungi {what} (vedi {docs})",
        "tile_add": "aggiungi {what}",
        "no_sources": "nessuna delle sue query legge ancora un'esportazione",
        "not_measured_yet": "Non ancora misurato",
        "pillar_missing": "Nessuna delle esportazioni che questo pilastro legge ha ancora dati: non è misurato e il "
        "punteggio di salute lo lascia fuori. Per misurarlo, {add}.",
        "query_missing": "Non ancora misurato: le esportazioni che legge non hanno dati. Per misurarlo, {add}.",
        "overview_missing": "Non ancora misurati: il punteggio di salute è calcolato con gli altri pilastri.",
        "lead_missing_one": "{pillars} non è ancora misurato e il punteggio di salute lo lascia fuori: {add}.",
        "lead_missing_many": "{pillars} non sono ancora misurati e il punteggio di salute li lascia fuori: {add}.",
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
        "reading_new": "{label}: {value} a {month}; non c'è un mese precedente con cui confrontare.",
        "reading_none": "{label}: nessun valore per {month}.",
        "up": "in crescita di {amount}",
        "down": "in calo di {amount}",
        "unchanged": "invariato",
        "better": "meglio",
        "worse": "peggio",
        "pillar_scores": "I cinque pilastri",
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
        "reading": "{label}: {value} a {month}, {moved} rispetto a {then_month}.",
        "reading_other": " e {moved} rispetto a {then_month}.",
        "no_comparison": "nessun mese precedente da confrontare",
        "within_noise": "entro le sue normali oscillazioni",
        "health_intro": "75 significa come la base di riferimento del brand ({baseline}); sopra è meglio. Lo slancio "
        "confronta ogni settimana con le 12 precedenti. I riquadri confrontano {month} con {then} e diventano verdi "
        "o rossi solo quando il cambiamento supera le normali oscillazioni del riquadro.",
        "baseline_default": "i primi 12 mesi completi di dati di ogni cifra",
        "baseline_period": "da {first} a {last}",
        "baseline_targets": "; le cifre con un obiettivo nella configurazione sono valutate rispetto a esso",
        "compare_year": "lo stesso mese di un anno prima",
        "compare_quarter": "il mese di tre mesi prima",
        "compare_month": "il mese precedente",
        "lead_score": "Il punteggio di salute è {now} a {month}, contro {then} a {then_month} (75 = come la base di "
        "riferimento).",
        "lead_score_new": "Il punteggio di salute è {now} a {month} (75 = come la base di riferimento).",
        "lead_better": "Rispetto a {month}: {items}.",
        "lead_worse": "Invece: {items}.",
        "lead_rose": "{label} da {then} a {now} ({change})",
        "lead_fell": "{label} da {then} a {now} ({change})",
        "lead_when": "{item} ({shown} rispetto a {then_month})",
        "lead_count": "Dei {total} riquadri qui sotto, {better} vanno meglio, {worse} peggio e {flat} restano entro "
        "le normali oscillazioni.",
        "lead_vanity": "L'applauso, che il punteggio lascia fuori, è andato per conto suo: {items}.",
        "lead_and": " e ",
        "rolling_name": "{label} (media di 4 settimane)",
        "weekly_points": "{label} (settimana per settimana)",
        "reference_section": "Per gli analisti",
        "property": "Proprietà",
        "value": "Valore",
        "pillar_fact": "Pilastro",
        "file_fact": "File",
        "list": "Lista",
        "daily": "Giorno per giorno",
        "by_x": "Per {what}",
        "tiles_rule_title": "Come sono valutati i riquadri",
        "tiles_rule": "Ogni riquadro confronta il mese che mostra con {then} (report.compare: {compare} nella "
        "configurazione); se quel mese non ha valore, con il mese precedente. Diventa verde o rosso solo quando il "
        "cambiamento supera il rumore, almeno: {thresholds}. Un cambiamento minore è mostrato in grigio, con il suo "
        "numero. L'altro confronto è mostrato come testo, mai a colori. L'attacco della panoramica è scritto con gli "
        "stessi numeri.",
    },
}


class Labels:
    def __init__(self, language: str) -> None:
        self.language = language if language in SITE_LANGUAGES else "en"
        self.words = {**WORDS[self.language], **{p.id: p.name(self.language) for p in ALL_PILLARS}}

    def feed(self, table: str) -> str:
        """What a brand adds to fill ``table``, in this language ("your GA4 traffic acquisition export")."""
        return FEEDS[table].words(self.language)

    def __call__(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def month(self, day: date) -> str:
        """The month's name with its year: "October 2026", "octubre de 2026", "ottobre 2026"."""
        name = MONTHS[self.language].split()[day.month - 1]
        return MONTH_YEAR[self.language].format(month=name, year=day.year)

    def short_month(self, day: date) -> str:
        return MONTHS[self.language].split()[day.month - 1][:3] + f" {day.year}"
