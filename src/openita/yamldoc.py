"""YAML documents that remember where each value came from.

PyYAML silently keeps the last of two equal keys and forgets line numbers once a document is
built. Users edit our YAML files by hand (frameworks, action plans), so errors must name the
line: this module keeps a map from each value's path to its line and rejects duplicate keys.

Files come from users, so the loader is bounded (:mod:`openita.limits`): anchors and aliases
are refused (a few hundred bytes of "billion laughs" would otherwise expand to gigabytes),
nesting deeper than :data:`~openita.limits.MAX_DEPTH` and more than
:data:`~openita.limits.MAX_YAML_NODES` values stop the parse with a message naming the limit,
and a ``kind`` given to :func:`load_yaml` bounds the size of the text before it is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from openita import limits
from openita.errors import InputError, Problem
from openita.message import Message, Text

Path = tuple[str | int, ...]


@dataclass
class YamlDocument:
    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def problem(self, path: Path, message: Text, code: str | None = None) -> Problem:
        dotted = ".".join(str(p) for p in path) or None
        return Problem(self.file, message, line=self.line_of(path), field=dotted, code=code)


def _walk(node: yaml.Node, path: Path, doc: YamlDocument, problems: list[Problem]) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(
                        doc.file,
                        Message(
                            "key {key} appears twice (first on line {line})",
                            key=repr(key),
                            line=seen[key],
                        ),
                        line=line,
                        field=".".join(str(p) for p in (*path, key)),
                    )
                )
            seen[key] = line
            _walk(value_node, (*path, key), doc, problems)
            doc.lines[(*path, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), doc, problems)


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader without anchors and aliases, with bounded depth and size."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(text)
        self.file = file
        self.depth = 0
        self.nodes = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise limits.yaml_alias(self.file, line)
        self.nodes += 1
        if self.nodes > limits.MAX_YAML_NODES:
            raise limits.too_many_nodes(self.file, line)
        nested = isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent)
        if nested:
            self.depth += 1
            if self.depth > limits.MAX_DEPTH:
                raise limits.too_deep(self.file, line)
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self.depth -= 1


def load_yaml(text: str, file: str, kind: limits.Kind | None = None) -> YamlDocument:
    """Parse ``text`` (the contents of ``file``); raise :class:`InputError` on any problem.

    ``kind`` (``"plan.yaml"``, ``"framework.yaml"``) bounds the size of the text first.
    """
    if kind is not None and len(text) * 4 > limits.MAX_BYTES[kind]:
        limits.check_size(len(text.encode("utf-8", "surrogatepass")), kind, file)
    doc = YamlDocument(file=file, data=None)
    problems: list[Problem] = []
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text, file)  # the reader checks the characters here already
        node = loader.get_single_node()
        if node is not None:
            _walk(node, (), doc, problems)
            if not problems:
                doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(
            Problem(
                file,
                Message("not valid YAML: {reason}", reason=exc.problem),
                line=mark.line + 1 if mark else None,
            )
        )
    except yaml.YAMLError as exc:
        problems.append(Problem(file, Message("not valid YAML: {reason}", reason=exc)))
    except ValueError as exc:  # e.g. an integer of more digits than Python reads
        problems.append(Problem(file, Message("not valid YAML: {reason}", reason=exc)))
    finally:
        if loader is not None:
            loader.dispose()
    if problems:
        raise InputError(problems)
    return doc
