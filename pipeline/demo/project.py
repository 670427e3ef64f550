"""Set up the demo project: the exports (generate.py), and a config pointing at this project's queries and site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from pipeline.demo import people
from pipeline.demo.generate import write_exports
from pipeline.demo.shop import SOCIAL_CODES, SOCIAL_TAGS
from pipeline.errors import PipelineError

CONFIG_NAME = "social-health.yml"


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding mkdocs.yml and queries/ (this repository's root)."""
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "queries").is_dir():
            return folder
    raise PipelineError("run the demo inside the social-health project (the folder with mkdocs.yml and queries/)")


def write_demo_project(folder: Path, root: Path | None = None) -> Path:
    """Write the demo's exports and config under ``folder``; returns the config's path."""
    folder = folder.resolve()
    config_path = folder / CONFIG_NAME
    if config_path.exists() and "demo: true" not in config_path.read_text(encoding="utf-8"):
        raise PipelineError(f"{folder} holds a config that is not the demo's; pick another --dir")
    root = root or find_project_root(Path.cwd().resolve())
    shutil.rmtree(folder / "exports", ignore_errors=True)
    write_exports(folder / "exports")
    config_path.write_text(_config_yaml(folder, root), encoding="utf-8")
    return config_path


def demo_brand() -> dict[str, object]:
    """The fictional brand's `brand:` block."""
    return {
        "name": people.BRAND_NAME,
        "handles": {k: list(v) for k, v in people.BRAND_HANDLES.items()},
        "employees": list(people.EMPLOYEES),
        "partners": list(people.PARTNERS),
        "keywords": list(people.KEYWORDS),
    }


def _config_yaml(folder: Path, root: Path) -> str:
    config = {
        "demo": True,
        "brand": demo_brand(),
        "exports": "exports/",
        "warehouse": "warehouse.duckdb",
        "timezone": "Europe/Madrid",
        "report": {"net_sentiment_min_n": 20},
        # The shop's social codes and tags (demo/shop.py): orders using them count as brought by social media.
        "attribution": {"social": {"discount_codes": list(SOCIAL_CODES), "tags": list(SOCIAL_TAGS)}},
        # The TikTok comments come from a social-inbox tool whose CSV has no sentiment and no language column.
        "mentions_csv": {
            "columns": {
                "published_at": "Fecha",
                "platform": "Red",
                "author": "Autor",
                "text": "Comentario",
                "url": "Enlace",
            },
            "time_format": "%d/%m/%Y %H:%M",
            "delimiter": ";",
        },
        "queries": os.path.relpath(root / "queries", folder),
        "build": ".",
        "site": {
            "title": f"{people.BRAND_NAME} social health (demo)",
            "mkdocs": os.path.relpath(root / "mkdocs.yml", folder),
            # Material's instant navigation needs the site's address; this is where the README's preview serves it.
            "site_url": "http://localhost:8000/",
        },
    }
    note = "# Written by `social-health demo`: a fictional brand. Hashes use the public demo key, not a secret.\n"
    return note + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
