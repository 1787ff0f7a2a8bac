"""A framework file to fill in when NACC publishes a new year or item list (docs/frameworks.md).

``openita frameworks new 2570 --from 2569 --kind local_government`` writes the rules of 2569
for that kind as a complete file for 2570 (no ``extends:``, so it stands alone): nothing in it
is confirmed — every confirmed or inferred fact becomes ``inferred`` with the source "assumed
equal to FY2569 (...)", a fact already ``unknown`` stays ``unknown`` — and a comment header
lists what an administrator must check and mark ``confirmed`` with its source.
"""

from __future__ import annotations

from typing import Any

import yaml

from openita.frameworks.kinds import kind_label
from openita.frameworks.model import Framework


def scaffold_name(fiscal_year: int, kind: str, default_kind: str) -> str:
    """``ita-2570.yaml`` for the default kind, ``ita-2570-central_agency.yaml`` for another."""
    return f"ita-{fiscal_year}.yaml" if kind == default_kind else f"ita-{fiscal_year}-{kind}.yaml"


def _unconfirm(node: Any, based_on: int) -> Any:
    """Every ``status`` of ``node`` made ``inferred`` (``unknown`` kept), sources prefixed."""
    if isinstance(node, list):
        return [_unconfirm(item, based_on) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _unconfirm(value, based_on) for key, value in node.items()}
    if "status" in out and out["status"] != "unknown":
        out["status"] = "inferred"
        earlier = out.get("source")
        prefix = f"assumed equal to FY{based_on}"
        out["source"] = f"{prefix} ({earlier})" if earlier else prefix
    return out


def _header(fiscal_year: int, kind: str, framework: Framework) -> str:
    based = framework.rules_year
    lines = [
        f"ITA framework, fiscal year {fiscal_year}, {kind} ({kind_label(kind)}).",
        "",
        f"A SCAFFOLD made by `openita frameworks new {fiscal_year} --from {based} --kind {kind}`:",
        f"the rules of FY{based} for {framework.rules_kind}, NOTHING confirmed for",
        f'FY{fiscal_year}. Every fact is `inferred` (source "assumed equal to FY{based} (...)")',
        f"or, where FY{based} did not know it either, `unknown`. Fill in from NACC's publication,",
        "then mark each fact you checked `status: confirmed` with its `source`:",
        "  - tools: weights (30/30/40 up to FY2568) and names",
        "  - indicators: the ten indicators and their tools",
        "  - levels and level_rules: thresholds and whether EIT parts are checked separately",
        "  - sub_indicators and oit_items: the item list of this agency kind (ids, Thai titles,",
        "    current/previous period, which sub-indicator each belongs to, weights)",
        "  - oit_grouping: `confirmed` only when NACC publishes which items make up 9 and 10",
        "  - questions: IIT/EIT question ids and their indicators (leave text_th empty unless",
        "    you have the official wording: never invent an official text)",
        'Check it with `openita frameworks` (or load it: docs/frameworks.md, "Loading an official',
        "list\"); a problem is reported with this file's name, its line and field.",
    ]
    return "".join(f"# {line}".rstrip() + "\n" for line in lines)


def scaffold_text(fiscal_year: int, kind: str, framework: Framework) -> str:
    """The scaffold's YAML text: ``framework``'s rules for ``fiscal_year`` and ``kind``."""
    data = framework.spec.model_dump(mode="json", exclude_none=True)
    based = framework.rules_year
    data = _unconfirm(data, based)
    data["fiscal_year"] = fiscal_year
    data["agency_kinds"] = [kind]
    for key in ("title_th", "title_en"):
        title = str(data[key]).replace(str(based), str(fiscal_year))
        data[key] = title.replace(f"({based - 543})", f"({fiscal_year - 543})")
    if "oit_grouping" not in data:
        data["oit_grouping"] = {
            "status": "unknown" if framework.grouping_status == "unknown" else "inferred",
            "source": f"assumed equal to FY{based} ({framework.grouping_status} there)",
        }
    ordered = {"schema_version": data.pop("schema_version"), **data}
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    return _header(fiscal_year, kind, framework) + body
