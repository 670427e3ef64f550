"""YAML that remembers where each value was written, so an error can name the line of the key at fault."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor


@dataclass(frozen=True)
class Located:
    value: Any  # dict[str, Located], list[Located] or a plain scalar
    line: int  # 1-based line in the file: of the key for a mapping entry, of the item for a list item

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def load_located(text: str, first_line: int = 1) -> Located:
    """Parse ``text`` (which starts at ``first_line`` of its file) keeping line numbers."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    return Located({}, first_line) if node is None else _convert(node, first_line, first_line + node.start_mark.line)


def _convert(node: yaml.Node, first: int, line: int) -> Located:
    if isinstance(node, yaml.MappingNode):
        return Located({str(_scalar(k)): _convert(v, first, first + k.start_mark.line) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(v, first, first + v.start_mark.line) for v in node.value], line)
    return Located(_scalar(node), line)


def _scalar(node: yaml.Node) -> Any:
    return SafeConstructor().construct_object(node, deep=True)
