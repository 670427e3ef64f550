"""Files the pipeline reads from the repository: regular files inside their folder, never a symbolic link.

Queries, reference CSVs, example tests, evaluation sets, narrative pages and the MkDocs config all arrive by pull
request. A link among them (``queries/reference/words.csv -> ../../.git/config``) would make the pipeline read, and
publish, a file nobody reviewed: the checkout's token, a secret, anything on the runner. So every folder is walked
without following links, and any link in it, or any path that resolves outside it, stops the command with its name.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import PipelineError


class UnsafeFileError(PipelineError):
    """A repository file the pipeline would read is a symbolic link or lies outside its folder."""

    def __init__(self, shown: Path | str, problem: str) -> None:
        self.path = Path(shown)
        super().__init__(f"{shown}: {problem}; the pipeline reads only regular files inside the repository")


def tree_files(folder: Path, shown: Path | None = None) -> list[Path]:
    """Every file under ``folder`` (hidden ones included), sorted; a link anywhere in the tree is refused."""
    shown = shown or folder
    if folder.is_symlink():
        raise UnsafeFileError(shown, "is a symbolic link; replace it with the folder itself")
    found = []
    for top, folders, files in os.walk(folder, followlinks=False):
        for name in (*folders, *files):
            path = Path(top) / name
            if path.is_symlink():
                where = shown / path.relative_to(folder)
                raise UnsafeFileError(where, "is a symbolic link; replace it with the file itself")
        found += [Path(top) / name for name in files]
    return sorted(found)


def regular_file(path: Path, folder: Path, shown: Path | str | None = None) -> Path:
    """``path`` when it is a regular file inside ``folder`` reached through no link; else the error naming it."""
    shown = shown or path
    path, folder = path.absolute(), folder.absolute()
    if not path.resolve().is_relative_to(folder.resolve()):
        raise UnsafeFileError(shown, f"lies outside {folder.name}/")
    step = path
    while step != folder and folder in step.parents:
        if step.is_symlink():
            raise UnsafeFileError(shown, "is reached through a symbolic link; replace it with the file itself")
        step = step.parent
    if not path.is_file():
        raise UnsafeFileError(shown, "is not a regular file")
    return path
