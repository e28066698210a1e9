"""YAML with line numbers: the data, and for every key path the line it starts on, so a problem
found by a model (a pydantic `loc`) is reported where an editor can jump to it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlFile:
    path: Path
    data: Any
    lines: dict[KeyPath, int]

    def line(self, key: KeyPath) -> int | None:
        """The line of the longest prefix of `key` that exists (a missing key points at its parent)."""
        key = tuple(k if isinstance(k, int) else str(k) for k in key)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


class YamlSyntaxError(ValueError):
    def __init__(self, path: Path, line: int | None, message: str):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message


def read_yaml(path: Path) -> YamlFile:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(path, mark.line + 1 if mark else None, str(exc.problem or exc)) from None
    lines: dict[KeyPath, int] = {(): 1}
    if node is not None:
        _walk(node, (), lines)
    return YamlFile(path, {} if data is None else data, lines)


def _walk(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (str(key.value),)
            lines[child] = key.start_mark.line + 1
            if str(key.value).isdigit():  # a pydantic `loc` has the key as loaded: YAML `5:` is an int
                lines[path + (int(key.value),)] = lines[child]
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            _walk(item, path + (index,), lines)


def dotted(key: KeyPath) -> str:
    """`schemes.vulnerable_worker_aid.conditions[2].bounds`"""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"
