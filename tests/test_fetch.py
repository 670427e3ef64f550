"""`social-health fetch` against a real S3 API: moto's server on 127.0.0.1, filled with the demo's real exports.

The store is only ever listed and read: every test that fetches compares the bucket before and after.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import duckdb
import moto.settings
import pytest
import yaml
from moto.server import ThreadedMotoServer
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import load_config
from pipeline.demo.generate import write_exports
from pipeline.demo.project import demo_brand
from pipeline.errors import ConfigError, ExportStoreError
from pipeline.fetch import STATE_FILE, fetch_exports

pytestmark = pytest.mark.slow  # starts moto's S3 server and fetches the demo's exports

runner = CliRunner()
PREFIX = "monthly"
# A few demo exports, with the X archive's viewer page (a space in its key) that ingest lists as skipped.
UPLOADED = (
    "meta/facebook_posts_2024-11_2025-10.csv",
    "meta/facebook_posts_2025-09_2026-10.csv",
    "meta/instagram_posts_2024-11_2025-10.csv",
    "x/twitter-archive/data/manifest.js",
    "x/twitter-archive/data/account.js",
    "x/twitter-archive/data/tweets.js",
    "x/twitter-archive/Your archive.html",
    "shop/orders_export_1.csv",
)
LATE = "meta/instagram_posts_2025-09_2026-10.csv"  # uploaded later, as the next month's download


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def demo_exports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "exports"
    write_exports(folder)
    return folder


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy keys, as GitHub secrets would set them; nothing from the machine's own AWS setup."""
    for name in [n for n in os.environ if n.startswith("AWS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def s3(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def bucket(s3: Any, demo_exports: Path) -> str:
    """A fresh bucket holding UPLOADED under PREFIX/, keyed by their paths in the exports folder."""
    name = f"exports-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    for rel in UPLOADED:
        s3.upload_file(str(demo_exports / rel), name, f"{PREFIX}/{rel}")
    return name


def write_config(folder: Path, exports: str, **extra: object) -> Path:
    raw = {
        "demo": True,
        "brand": demo_brand(),
        "exports": exports,
        "timezone": "Europe/Madrid",
        "build": "build",
        "warehouse": "build/warehouse.duckdb",
        **extra,
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "social-health.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def store_config(folder: Path, endpoint: str, bucket: str, prefix: str = PREFIX) -> Path:
    url = f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
    return write_config(folder, url, exports_store={"endpoint_url": endpoint, "region": "us-east-1"})


def objects(s3: Any, bucket: str) -> list[tuple[str, str, int, object]]:
    """The bucket's contents as the store sees them: key, ETag, size, modification time."""
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return [(o["Key"], o["ETag"], o["Size"], o["LastModified"]) for o in listed]


def mirrored(mirror: Path) -> list[str]:
    return sorted(p.relative_to(mirror).as_posix() for p in mirror.rglob("*") if p.is_file())


def cli(*args: str) -> Any:
    return runner.invoke(app, list(args))


def load_log(config_path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(load_config(config_path).warehouse), read_only=True)
    try:
        return con.execute(
            "SELECT file, sha256, format, status, rows_read, rows_loaded, rows_duplicate, rows_rejected "
            "FROM load_log ORDER BY file"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_fetched_exports_ingest_exactly_like_the_same_files_in_a_folder(
    tmp_path: Path, endpoint: str, bucket: str, demo_exports: Path
) -> None:
    remote = store_config(tmp_path / "remote", endpoint, bucket)
    fetched = cli("fetch", "--config", str(remote))
    assert fetched.exit_code == 0, fetched.output
    summary = " ".join(fetched.stdout.split())  # the console may wrap the line
    assert (
        f"Fetched 8 new or changed of 8 exports from s3://{bucket}/{PREFIX} (0 unchanged) into build/exports/"
        in summary
    )
    mirror = tmp_path / "remote" / "build" / "exports"
    assert mirrored(mirror) == sorted([*UPLOADED, STATE_FILE])

    local = write_config(tmp_path / "local", "exports/")
    for rel in UPLOADED:
        (tmp_path / "local" / "exports" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(demo_exports / rel, tmp_path / "local" / "exports" / rel)
    for config in (remote, local):
        done = cli("ingest", "--config", str(config))
        assert done.exit_code == 0, done.output

    from_store, from_folder = load_log(remote), load_log(local)
    assert from_store == from_folder
    assert {row[0] for row in from_store} == set(UPLOADED)  # the state file is not an export
    assert sum(int(row[5]) for row in from_store) > 1000  # rows_loaded: real data went in
    assert {row[3] for row in from_store} == {"loaded", "skipped"}


def test_a_second_fetch_downloads_nothing(tmp_path: Path, endpoint: str, bucket: str) -> None:
    config = load_config(store_config(tmp_path, endpoint, bucket))
    first = fetch_exports(config)
    before = {p: p.stat().st_mtime_ns for p in config.exports.rglob("*") if p.is_file() and p.name != STATE_FILE}
    calls: list[str] = []
    second = fetch_exports(config, lambda index, total, file: calls.append(file))
    assert (first.downloaded, first.unchanged) == (len(UPLOADED), 0)
    assert (second.listed, second.downloaded, second.unchanged, second.removed) == (len(UPLOADED), 0, len(UPLOADED), 0)
    assert calls == []
    assert {p: p.stat().st_mtime_ns for p in before} == before  # no file was rewritten
    assert "Fetched 0 new or changed of 8 exports" in second.summary_line()


def test_only_new_and_changed_objects_are_downloaded_and_the_store_is_untouched(
    tmp_path: Path, endpoint: str, bucket: str, s3: Any, demo_exports: Path
) -> None:
    config = load_config(store_config(tmp_path, endpoint, bucket))
    fetch_exports(config)
    changed = "shop/orders_export_1.csv"
    s3.upload_file(str(demo_exports / LATE), bucket, f"{PREFIX}/{LATE}")
    s3.upload_file(str(demo_exports / "shop/orders_export_2.csv"), bucket, f"{PREFIX}/{changed}")  # a fresher download
    store_before = objects(s3, bucket)

    calls: list[tuple[int, int, str]] = []
    report = fetch_exports(config, lambda index, total, file: calls.append((index, total, file)))

    assert objects(s3, bucket) == store_before  # nothing written, replaced or deleted in the store
    assert sorted(file for _, _, file in calls) == sorted([LATE, changed])
    assert [(i, t) for i, t, _ in calls] == [(0, 2), (1, 2)]
    assert (report.listed, report.downloaded, report.unchanged) == (len(UPLOADED) + 1, 2, len(UPLOADED) - 1)
    assert (config.exports / changed).read_bytes() == (demo_exports / "shop/orders_export_2.csv").read_bytes()
    assert (config.exports / LATE).read_bytes() == (demo_exports / LATE).read_bytes()
    assert not list(config.exports.glob(".fetching-*"))  # no temporary file left behind


def test_an_object_gone_from_the_store_leaves_the_mirror_and_hidden_keys_and_folder_markers_are_skipped(
    tmp_path: Path, endpoint: str, bucket: str, s3: Any
) -> None:
    config = load_config(store_config(tmp_path, endpoint, bucket))
    s3.put_object(Bucket=bucket, Key=f"{PREFIX}/.staging/partial.csv", Body=b"a,b\n")
    s3.put_object(Bucket=bucket, Key=f"{PREFIX}/archive/", Body=b"")  # what "Create folder" makes in S3 consoles
    s3.put_object(Bucket=bucket, Key="elsewhere/other.csv", Body=b"a,b\n")  # outside the prefix
    first = fetch_exports(config)
    assert first.skipped == 2
    assert mirrored(config.exports) == sorted([*UPLOADED, STATE_FILE])

    s3.delete_object(Bucket=bucket, Key=f"{PREFIX}/x/twitter-archive/Your archive.html")  # the test deletes, not fetch
    for rel in ("data/manifest.js", "data/account.js", "data/tweets.js"):
        s3.delete_object(Bucket=bucket, Key=f"{PREFIX}/x/twitter-archive/{rel}")
    second = fetch_exports(config)
    assert (second.removed, second.downloaded) == (4, 0)
    assert "4 removed from the mirror as gone from the store" in second.summary_line()
    assert not (config.exports / "x").exists()  # emptied folders go too
    assert len(mirrored(config.exports)) == len(UPLOADED) - 4 + 1


def test_a_damaged_or_missing_mirror_file_is_downloaded_again(tmp_path: Path, endpoint: str, bucket: str) -> None:
    config = load_config(store_config(tmp_path, endpoint, bucket))
    fetch_exports(config)
    (config.exports / "shop/orders_export_1.csv").write_bytes(b"truncated")
    (config.exports / "meta/facebook_posts_2024-11_2025-10.csv").unlink()
    report = fetch_exports(config)
    assert report.downloaded == 2
    (config.exports / STATE_FILE).write_text("{not json", encoding="utf-8")
    assert fetch_exports(config).downloaded == len(UPLOADED)


def test_a_key_that_would_leave_the_mirror_is_refused_before_anything_is_fetched(
    tmp_path: Path, endpoint: str, bucket: str, s3: Any
) -> None:
    s3.put_object(Bucket=bucket, Key=f"{PREFIX}/../escape.csv", Body=b"a,b\n")
    config = load_config(store_config(tmp_path, endpoint, bucket))
    with pytest.raises(ExportStoreError, match=r"the key '[^']*\.\./escape\.csv' cannot be a file name"):
        fetch_exports(config)
    assert not config.exports.exists()  # the listing failed before the mirror was touched


def test_an_object_that_is_also_a_folder_is_refused(tmp_path: Path, endpoint: str, bucket: str, s3: Any) -> None:
    s3.put_object(Bucket=bucket, Key=f"{PREFIX}/shop", Body=b"a,b\n")
    config = load_config(store_config(tmp_path, endpoint, bucket))
    with pytest.raises(ExportStoreError, match=r"'monthly/shop' is both an object and the folder of other objects"):
        fetch_exports(config)


def one_line_error(result: Any) -> str:
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return str(lines[0])


def test_a_missing_bucket_is_one_line_naming_the_url(tmp_path: Path, endpoint: str) -> None:
    config = store_config(tmp_path, endpoint, "no-such-bucket")
    line = one_line_error(cli("fetch", "--config", str(config)))
    assert f"s3://no-such-bucket/{PREFIX}: bucket 'no-such-bucket' does not exist at {endpoint}" in line


def test_refused_credentials_are_one_line_saying_where_they_come_from(
    tmp_path: Path, endpoint: str, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)  # moto checks keys from here on
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1")
    line = one_line_error(cli("fetch", "--config", str(store_config(tmp_path, endpoint, bucket))))
    assert f"s3://{bucket}/{PREFIX}: the credentials were refused (InvalidAccessKeyId)" in line
    assert "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (GitHub secrets) or use OIDC" in line


def test_no_credentials_fail_at_once_without_asking_the_network(
    tmp_path: Path, endpoint: str, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    line = one_line_error(cli("fetch", "--config", str(store_config(tmp_path, endpoint, bucket))))
    assert f"s3://{bucket}/{PREFIX}: no credentials in the environment; set AWS_ACCESS_KEY_ID" in line


def test_an_endpoint_nobody_listens_on_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    line = one_line_error(cli("fetch", "--config", str(store_config(tmp_path, closed, "acme-exports"))))
    assert f"s3://acme-exports/{PREFIX}: cannot connect to {closed}" in line


def test_ingest_before_fetch_says_to_fetch(tmp_path: Path, endpoint: str, bucket: str) -> None:
    line = one_line_error(cli("ingest", "--config", str(store_config(tmp_path, endpoint, bucket))))
    assert f"of s3://{bucket}/{PREFIX} does not exist; run `social-health fetch` first" in line


def test_fetch_with_a_folder_has_nothing_to_do(tmp_path: Path) -> None:
    done = cli("fetch", "--config", str(write_config(tmp_path, "exports/")))
    assert done.exit_code == 0
    assert "Exports are read from the folder exports/; nothing to fetch" in " ".join(done.stdout.split())


def test_a_store_url_makes_the_build_folder_hold_the_mirror(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, "s3://acme-exports/social/monthly/", build="out"))
    assert config.exports == tmp_path / "out" / "exports"
    assert config.exports_url == "s3://acme-exports/social/monthly"
    assert config.exports_store is not None
    assert (config.exports_store.bucket, config.exports_store.prefix) == ("acme-exports", "social/monthly")
    assert config.exports_store.endpoint_url is None
    whole = load_config(write_config(tmp_path, "s3://acme-exports"))
    assert whole.exports_url == "s3://acme-exports"
    assert load_config(write_config(tmp_path, "exports/")).exports_url is None


@pytest.mark.parametrize(
    ("exports", "extra", "message"),
    [
        ("gs://acme/exports", {}, r"'exports' 'gs://acme/exports': only a folder or s3://bucket/prefix is supported"),
        ("https://acme.s3.amazonaws.com/x", {}, r"only a folder or s3://bucket/prefix is supported"),
        ("s3://", {}, r"'exports' 's3://' must be s3://bucket or s3://bucket/prefix"),
        ("s3:///prefix", {}, r"must be s3://bucket or s3://bucket/prefix"),
        ("exports/", {"exports_store": {"region": "eu-west-1"}}, r"'exports_store' is only for exports in an object"),
        ("s3://a-b/c", {"exports_store": {"endpoint": "x"}}, r"unknown key 'exports_store.endpoint' \(did you mean"),
        ("s3://a-b/c", {"exports_store": {"endpoint_url": "minio:9000"}}, r"'exports_store.endpoint_url' 'minio:9000'"),
        ("s3://a-b/c", {"exports_store": {"region": 1}}, r"'exports_store.region' must be a string"),
        (
            "s3://a-b/c",
            {"exports_store": "http://x"},
            r"'exports_store' must be a mapping with keys endpoint_url, region",
        ),
    ],
)
def test_config_rejects_what_fetch_cannot_read(
    tmp_path: Path, exports: str, extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(write_config(tmp_path, exports, **extra))


def test_an_object_deleted_during_the_fetch_is_one_line_and_leaves_no_partial_file(
    tmp_path: Path, endpoint: str, bucket: str, s3: Any
) -> None:
    config = load_config(store_config(tmp_path, endpoint, bucket))

    def someone_deletes_it(index: int, total: int, file: str) -> None:  # between the listing and the download
        if index == 1:
            s3.delete_object(Bucket=bucket, Key=f"{PREFIX}/{file}")

    with pytest.raises(ExportStoreError, match=r"was deleted from the store while fetching; run again"):
        fetch_exports(config, someone_deletes_it)
    assert not list(config.exports.glob(".fetching-*"))
    assert len(mirrored(config.exports)) == 2  # the first download and the state file, kept for the next run
    assert fetch_exports(config).downloaded == len(UPLOADED) - 2
