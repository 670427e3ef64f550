"""A reader's failure on a whole file, in plain words (pipeline/sources/readers.py), from DuckDB's real errors."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipeline.sources.readers import unreadable


def _error(sql: str, path: Path) -> duckdb.Error:
    with pytest.raises(duckdb.Error) as caught:
        duckdb.connect().execute(sql, [str(path)]).fetchall()
    return caught.value


def test_broken_json_names_the_file_and_what_to_do_without_the_machines_paths(tmp_path: Path) -> None:
    path = tmp_path / "tweets.json"
    path.write_text('[{"tweet": {"id_str": "1"}}, {"tweet": ')
    message = str(unreadable("data/tweets.js", "X archive", _error("SELECT * FROM read_json_objects(?)", path)))
    assert message.startswith("data/tweets.js: cannot be read as X archive: its JSON is broken or cut short")
    assert "download it again" in message
    assert str(tmp_path) not in message and "\n" not in message


def test_the_csv_state_machine_becomes_a_broken_structure(tmp_path: Path) -> None:
    path = tmp_path / "inbox.csv"
    path.write_bytes(b"a,b\r\n1,x\n2,y\r\n")
    sql = "SELECT * FROM read_csv(?, header=true, auto_detect=false, columns={'a': 'VARCHAR', 'b': 'VARCHAR'})"
    message = str(unreadable("inbox.csv", "Inbox", _error(sql, path)))
    assert message.startswith("inbox.csv: cannot be read as Inbox: its CSV structure is broken")
    assert str(tmp_path) not in message and "\n" not in message
