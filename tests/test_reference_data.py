"""Reference data that is generated, not written: it must be what its tool writes from its source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_emoji_sentiment_is_what_the_tool_writes_from_the_ranking() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "emoji_sentiment.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = (ROOT / "queries" / "reference" / "emoji_sentiment.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "emoji,occurrences,negative,neutral,positive,score,name"
    assert len(lines) == 1 + 751  # the 751 emoji the paper ranks
    assert any(line.startswith("😍,") for line in lines)
