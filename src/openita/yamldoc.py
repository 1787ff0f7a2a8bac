"""YAML documents that remember where each value came from.

PyYAML silently keeps the last of two equal keys and forgets line numbers once a document is
built. Users edit our YAML files by hand (frameworks, action plans), so errors must name the
line: this module keeps a map from each value's path to its line and rejects duplicate keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from openita.errors import InputError, Problem
from openita.i18n import _

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

    def problem(self, path: Path, message: str) -> Problem:
        dotted = ".".join(str(p) for p in path) or None
        return Problem(self.file, message, line=self.line_of(path), field=dotted)


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
                        _("key {key} appears twice (first on line {line})").format(
                            key=repr(key), line=seen[key]
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


def load_yaml(text: str, file: str) -> YamlDocument:
    """Parse ``text`` (the contents of ``file``); raise :class:`InputError` on any problem."""
    doc = YamlDocument(file=file, data=None)
    problems: list[Problem] = []
    loader = yaml.SafeLoader(text)
    try:
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
                _("not valid YAML: {reason}").format(reason=exc.problem),
                line=mark.line + 1 if mark else None,
            )
        )
    except yaml.YAMLError as exc:
        problems.append(Problem(file, _("not valid YAML: {reason}").format(reason=exc)))
    finally:
        loader.dispose()
    if problems:
        raise InputError(problems)
    return doc
