"""Open DuckDB the way the pipeline needs it: UTC session, no implicit extension downloads."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipeline.errors import PipelineError


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only and not Path(path).is_file():
        raise PipelineError(f"{path}: no warehouse yet; run `social-health ingest` first")
    try:
        con = duckdb.connect(
            str(path),
            read_only=read_only,
            config={
                "autoinstall_known_extensions": False,
                "allow_community_extensions": False,
            },
        )
    except duckdb.IOException as exc:
        raise PipelineError(f"{path}: cannot open the warehouse ({exc}); is another run using it?") from None
    con.execute("SET TimeZone = 'UTC'")
    return con
