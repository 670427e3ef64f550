"""The project's ``mkdocs.yml``, read the way the build can trust it: it arrives by pull request like the queries.

MkDocs itself loads its config with PyYAML's full loader, where ``!!python/object/apply:os.system [...]`` runs a
command, and ``hooks:`` run Python files at build time. The report's build needs neither, so before MkDocs sees the
file it must be a regular file (not a link), use no YAML tag but MkDocs' own (``!ENV``, ``!relative``) and
``!!python/name:`` (naming a function, as Material's emoji extension needs), declare no hooks, and keep its
``docs_dir`` and ``INHERIT`` inside its own folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.errors import BuildError
from pipeline.repofiles import UnsafeFileError, regular_file, tree_files

PYTHON_NAME = "tag:yaml.org,2002:python/name:"
REFUSED_KEYS = ("hooks",)


@dataclass(frozen=True)
class MkDocsConfig:
    path: Path
    settings: dict[str, Any]

    @property
    def docs_dir(self) -> str:
        return str(self.settings.get("docs_dir", "docs"))

    @property
    def docs(self) -> Path:
        return self.path.parent / self.docs_dir

    def nav(self) -> list[Any] | None:
        nav = self.settings.get("nav")
        return nav if isinstance(nav, list) else None

    def page_files(self) -> list[Path]:
        """Every file of the docs folder, refusing any symbolic link in it (the build copies them into the site)."""
        if not self.docs.is_dir():
            return []
        return tree_files(self.docs, Path(self.docs_dir))


class _Loader(yaml.SafeLoader):
    """Safe YAML plus the tags MkDocs configs legitimately use; anything else is refused."""


def _placeholder(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return f"<{node.tag}>"


class _RefusedTag(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.tag, self.line = node.tag, node.start_mark.line + 1


def _refuse(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    raise _RefusedTag(node)


_Loader.add_constructor("!ENV", _placeholder)
_Loader.add_constructor("!relative", _placeholder)
_Loader.add_multi_constructor(PYTHON_NAME, lambda loader, suffix, node: f"<python/name:{suffix}>")
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _refuse)
_Loader.add_multi_constructor("!", _refuse)


def read_mkdocs_config(path: Path) -> MkDocsConfig:
    if not path.is_file() and not path.is_symlink():
        raise BuildError(f"{path}: MkDocs config not found; set 'site.mkdocs' in the config")
    folder = path.parent
    try:
        regular_file(path, folder, path.name)
    except UnsafeFileError as exc:
        raise BuildError(str(exc)) from None
    text = path.read_text(encoding="utf-8")
    try:
        loaded = yaml.load(text, Loader=_Loader)  # a SafeLoader plus the harmless tags above
    except _RefusedTag as refused:
        raise BuildError(
            f"{path.name}:{refused.line}: YAML tag {refused.tag} is not allowed in the MkDocs config (it can run code "
            "when MkDocs loads the file); remove it"
        ) from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    settings = loaded if isinstance(loaded, dict) else {}
    for key in REFUSED_KEYS:
        if key in settings:
            raise BuildError(
                f"{path.name}: '{key}' runs Python code at build time, which the report never does; remove it"
            )
    config = MkDocsConfig(path, settings)
    _inside(folder, folder / config.docs_dir, f"{path.name}: docs_dir '{config.docs_dir}'")
    inherit = settings.get("INHERIT")
    if inherit is not None:
        _inside(folder, folder / str(inherit), f"{path.name}: INHERIT '{inherit}'")
        try:
            regular_file(folder / str(inherit), folder, str(inherit))
        except UnsafeFileError as exc:
            raise BuildError(str(exc)) from None
    return config


def _inside(folder: Path, target: Path, what: str) -> None:
    if target.is_symlink() or not target.resolve().is_relative_to(folder.resolve()):
        raise BuildError(f"{what} must be a folder inside {folder.name}/ and no symbolic link")
