"""`social-health fetch`: copy new or changed exports from the object store (``exports: s3://bucket/prefix``) into the
local mirror ``<build>/exports`` that `ingest` reads.

Read-only on the store: it only lists and gets objects, never writes or deletes there. The mirror is a cache of the
store: a copy whose object is gone from the store is removed from the mirror. ``.fetched.json`` in the mirror remembers
each object's ETag and size, so a re-run downloads only what changed. Credentials come from the environment only.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import obstore
from obstore.exceptions import BaseError, InvalidPathError, PermissionDeniedError, UnauthenticatedError
from obstore.store import S3Store

from pipeline.config import Config, ExportStore
from pipeline.errors import ExportStoreError

if TYPE_CHECKING:
    from obstore import ObjectMeta
    from obstore.store import ClientConfig, RetryConfig, S3Config

OnFile = Callable[[int, int, str], None]
STATE_FILE = ".fetched.json"
PARTIAL_PREFIX = ".fetching-"  # a dot-file, so ingest never reads a half-written download
CREDENTIALS_HINT = (
    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (GitHub secrets) or use OIDC with "
    "aws-actions/configure-aws-credentials"
)
# 3 retries with backoff for a flaky network; a wrong endpoint fails in seconds, not after obstore's 3 minutes.
RETRY: RetryConfig = {"max_retries": 3, "retry_timeout": timedelta(seconds=60)}
# A whole large export may take minutes (obstore's default is 30 s per request); a stalled read fails after a minute.
CLIENT: ClientConfig = {
    "connect_timeout": timedelta(seconds=10),
    "timeout": timedelta(minutes=30),
    "read_timeout": timedelta(seconds=60),
}
CREDENTIAL_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken"}
OBSTORE_ERRORS = (BaseError, OSError, ValueError)  # obstore raises its own errors and a few built-in ones


@dataclass(frozen=True)
class FetchReport:
    source: str  # the store's URL, or the exports folder
    mirror: str | None = None  # None: the exports are a folder, nothing was fetched
    listed: int = 0
    downloaded: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0  # hidden keys (a part starting with '.'), empty objects and folder markers

    def summary_line(self) -> str:
        if self.mirror is None:
            return f"Exports are read from the folder {self.source}; nothing to fetch"
        notes = [f"{self.unchanged} unchanged"]
        if self.removed:
            notes.append(f"{self.removed} removed from the mirror as gone from the store")
        if self.skipped:
            notes.append(f"{self.skipped} hidden or empty skipped")
        return (
            f"Fetched {self.downloaded} new or changed of {self.listed} exports from {self.source} "
            f"({', '.join(notes)}) into {self.mirror}"
        )


def fetch_exports(config: Config, on_file: OnFile | None = None) -> FetchReport:
    store = config.exports_store
    if store is None:
        return FetchReport(source=_shown(config.exports, config.root))
    client = _open(store)
    listed, skipped = _wanted(store, _list(client, store))
    mirror = config.exports
    mirror.mkdir(parents=True, exist_ok=True)
    for partial in mirror.glob(f"{PARTIAL_PREFIX}*"):  # left by a run that was killed mid-download
        partial.unlink()
    state = _read_state(mirror)
    removed = _remove_gone(mirror, state, listed)
    todo = [meta for key, meta in listed.items() if not _unchanged(mirror, state.get(key), meta)]
    try:
        for index, meta in enumerate(todo):
            if on_file:
                on_file(index, len(todo), meta["path"])
            state[meta["path"]] = _download(client, store, mirror, meta["path"])
    finally:
        _write_state(mirror, state)
    return FetchReport(
        source=store.url,
        mirror=_shown(mirror, config.root),
        listed=len(listed),
        downloaded=len(todo),
        unchanged=len(listed) - len(todo),
        removed=removed,
        skipped=skipped,
    )


def _open(store: ExportStore) -> S3Store:
    if not _has_credentials():
        raise ExportStoreError(f"{store.url}: no credentials in the environment; {CREDENTIALS_HINT}")
    settings: S3Config = {}
    if store.endpoint_url:
        settings["endpoint"] = store.endpoint_url
    if store.region:
        settings["region"] = store.region
    client: ClientConfig = {**CLIENT, "allow_http": bool(store.endpoint_url and store.endpoint_url.startswith("http:"))}
    try:
        return S3Store(
            store.bucket, prefix=store.prefix or None, config=settings, client_options=client, retry_config=RETRY
        )
    except OBSTORE_ERRORS as exc:
        raise _store_error(store, exc) from None


def _has_credentials() -> bool:
    """Keys (GitHub secrets, or OIDC via configure-aws-credentials), or a web identity token; never the instance's
    metadata service, which on a runner would only time out."""
    env = os.environ
    keys = bool(env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"))
    return keys or bool(env.get("AWS_WEB_IDENTITY_TOKEN_FILE") and env.get("AWS_ROLE_ARN"))


def _list(client: S3Store, store: ExportStore) -> list[ObjectMeta]:
    """Every object under the prefix (keys relative to it), listed in full before anything in the mirror changes."""
    try:
        return [meta for batch in obstore.list(client, chunk_size=1000) for meta in batch]
    except OBSTORE_ERRORS as exc:
        raise _store_error(store, exc) from None


def _wanted(store: ExportStore, objects: Sequence[ObjectMeta]) -> tuple[dict[str, ObjectMeta], int]:
    """The objects to mirror, by key, and how many were skipped. A folder marker (``folder/``, zero bytes) is listed
    by obstore without its slash, so it cannot be told from an empty file: both hold no export and are skipped."""
    wanted = {}
    for meta in objects:
        key = meta["path"]
        if not _safe_parts(key):
            raise ExportStoreError(f"{store.url}: the key {_full_key(store, key)!r} cannot be a file name; rename it")
        if meta["size"] > 0 and not any(part.startswith(".") for part in key.split("/")):
            wanted[key] = meta
    folders = {str(folder) for key in wanted for folder in PurePosixPath(key).parents}
    clash = sorted(set(wanted) & folders)
    if clash:
        raise ExportStoreError(
            f"{store.url}: {_full_key(store, clash[0])!r} is both an object and the folder of other objects; rename one"
        )
    return wanted, len(objects) - len(wanted)


def _safe_parts(key: str) -> bool:
    """A key that stays inside the mirror on any system: relative, no empty, '.' or '..' part, no backslash or
    drive letter."""
    parts = key.split("/")
    bad = any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts)
    return not bad and re.match(r"^[A-Za-z]:", parts[0]) is None


def _local(mirror: Path, key: str) -> Path:
    """Where a key (checked with _safe_parts) is mirrored."""
    return mirror.joinpath(*key.split("/"))


def _unchanged(mirror: Path, fetched: dict[str, object] | None, meta: ObjectMeta) -> bool:
    path = _local(mirror, meta["path"])
    return fetched == _fingerprint(meta) and path.is_file() and path.stat().st_size == meta["size"]


def _fingerprint(meta: ObjectMeta) -> dict[str, object]:
    # A store without ETags: the modification time stands in for it.
    return {"etag": meta["e_tag"] or f"modified {meta['last_modified'].isoformat()}", "size": meta["size"]}


def _download(client: S3Store, store: ExportStore, mirror: Path, key: str) -> dict[str, object]:
    """Stream one object to a temporary file in the mirror, then move it into place; returns what was fetched."""
    target = _local(mirror, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=PARTIAL_PREFIX, dir=mirror)
    try:
        with os.fdopen(handle, "wb") as out:
            result = obstore.get(client, key)
            for chunk in result.stream():  # one chunk in memory at a time, never the whole file
                out.write(chunk)
        os.replace(partial, target)
    except BaseException as exc:
        Path(partial).unlink(missing_ok=True)
        if not isinstance(exc, OBSTORE_ERRORS) or (isinstance(exc, OSError) and exc.errno is not None):
            raise  # the local disk (full, not writable) or a bug: not the store's fault
        if isinstance(exc, FileNotFoundError):
            gone = f"{store.url}: {_full_key(store, key)!r} was deleted from the store while fetching; run again"
            raise ExportStoreError(gone) from None
        raise _store_error(store, exc) from None
    return _fingerprint(result.meta)


def _remove_gone(mirror: Path, state: dict[str, dict[str, object]], listed: dict[str, ObjectMeta]) -> int:
    """Delete local copies fetched earlier whose object is no longer in the store (only files this command wrote)."""
    removed = 0
    for key in sorted(set(state) - set(listed)):
        del state[key]
        path = _local(mirror, key)
        if not _safe_parts(key) or not path.is_file():  # a hand-edited state file: touch nothing
            continue
        path.unlink()
        removed += 1
        for folder in path.parents:
            if folder == mirror or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed


def _read_state(mirror: Path) -> dict[str, dict[str, object]]:
    """What earlier runs fetched; a missing or damaged file only means downloading again."""
    try:
        state = json.loads((mirror / STATE_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(state, dict):
        return {}
    return {k: v for k, v in state.items() if isinstance(k, str) and isinstance(v, dict)}


def _write_state(mirror: Path, state: dict[str, dict[str, object]]) -> None:
    partial = mirror / f"{PARTIAL_PREFIX}{STATE_FILE}"
    partial.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, mirror / STATE_FILE)


def _store_error(store: ExportStore, exc: Exception) -> ExportStoreError:
    """One line for what obstore raised: which store, what went wrong, what to do."""
    text = str(exc)
    code_match = re.search(r"<Code>(\w+)</Code>", text)
    code = code_match.group(1) if code_match else ""
    where = store.endpoint_url or "AWS S3"
    if isinstance(exc, InvalidPathError):
        key = re.search(r'[Pp]ath "([^"]*)"', text)
        shown = repr(key.group(1)) if key else "an object's key"
        return ExportStoreError(f"{store.url}: the key {shown} cannot be a file name ('', '.' or '..' part); rename it")
    if code == "NoSuchBucket":
        return ExportStoreError(
            f"{store.url}: bucket '{store.bucket}' does not exist at {where}; check 'exports' in the config "
            "(and 'exports_store.endpoint_url')"
        )
    if code in CREDENTIAL_CODES or isinstance(exc, UnauthenticatedError):
        return ExportStoreError(
            f"{store.url}: the credentials were refused ({code or 'unauthenticated'}); {CREDENTIALS_HINT}"
        )
    if code == "AccessDenied" or isinstance(exc, PermissionDeniedError) or " 403 " in text:
        return ExportStoreError(
            f"{store.url}: access denied; the credentials need s3:ListBucket and s3:GetObject on it (read only)"
        )
    if code in ("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException"):
        return ExportStoreError(
            f"{store.url}: the bucket is in another region ({code}); set 'exports_store.region' or AWS_REGION"
        )
    if "error sending request" in text or "builder error" in text or "dns error" in text.lower():
        check = "'exports_store.endpoint_url' and the network" if store.endpoint_url else "the network"
        return ExportStoreError(f"{store.url}: cannot connect to {where}; check {check}")
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return ExportStoreError(f"{store.url}: cannot be read: {first.split(': <?xml')[0]}")


def _full_key(store: ExportStore, key: str) -> str:
    return f"{store.prefix}/{key}" if store.prefix else key


def _shown(path: Path, root: Path) -> str:
    """A path as the user wrote it: relative to the config's folder when inside it."""
    return f"{path.relative_to(root).as_posix()}/" if path.is_relative_to(root) else str(path)
