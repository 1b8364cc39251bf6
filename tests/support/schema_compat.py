"""Does a consumer's reader accept everything its producer may send? (JSON Schema, both sides.)

The producer side is the committed serialisation schema partners read
(`docs/events/schemas/<type>.v<major>.json`); the reader side is the consumer's pydantic
reader in validation mode. A reader is compatible when every field it requires is always
sent by the producer, and every value the producer may send there (type, null, enum
member) is one the reader accepts. Unknown producer fields are ignored (tolerant reader).
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

_WIDER = {"integer": {"integer", "number"}}


def _resolve(node: Schema, root: Schema) -> Schema:
    while "$ref" in node:
        name = node["$ref"].split("/")[-1]
        node = {**root.get("$defs", {})[name], **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _variants(node: Schema, root: Schema) -> list[Schema]:
    node = _resolve(node, root)
    for key in ("anyOf", "oneOf"):
        if key in node:
            out: list[Schema] = []
            for sub in node[key]:
                out.extend(_variants(sub, root))
            return out
    if isinstance(node.get("type"), list):
        return [{**node, "type": t} for t in node["type"]]
    return [node]


def _kind(node: Schema) -> str:
    if "enum" in node and "type" not in node:
        return "string" if all(isinstance(v, str) for v in node["enum"]) else "any"
    if "const" in node and "type" not in node:
        return "string" if isinstance(node["const"], str) else "any"
    return str(node.get("type", "any"))


def _accepts(reader: Schema, reader_root: Schema, sent: Schema, sent_root: Schema,
             path: str, problems: list[str]) -> None:
    """Record in `problems` every way a value matching `sent` can fail `reader`."""
    readers = _variants(reader, reader_root)
    if any(_kind(r) == "any" and not r.get("enum") for r in readers):
        return
    for variant in _variants(sent, sent_root):
        kind = _kind(variant)
        matching = [r for r in readers if _kind(r) in _WIDER.get(kind, {kind})]
        if not matching:
            problems.append(f"{path}: the producer may send {kind}, the reader accepts "
                            f"{sorted({_kind(r) for r in readers})}")
            continue
        allowed_enums = [set(r["enum"]) for r in matching if "enum" in r]
        if allowed_enums and len(allowed_enums) == len(matching):
            sent_values = set(variant.get("enum", [variant["const"]] if "const" in variant else []))
            if not sent_values:
                problems.append(f"{path}: the reader takes only {sorted(set.union(*allowed_enums))}"
                                " but the producer's value is not an enum")
            elif not any(sent_values <= allowed for allowed in allowed_enums):
                problems.append(f"{path}: the producer may send {sorted(sent_values)}, the reader "
                                f"knows only {sorted(set.union(*allowed_enums))}")
        if kind == "object":
            _object(matching[0], reader_root, variant, sent_root, path, problems)
        elif kind == "array" and "items" in matching[0] and "items" in variant:
            _accepts(matching[0]["items"], reader_root, variant["items"], sent_root,
                     f"{path}[]", problems)


def _object(reader: Schema, reader_root: Schema, sent: Schema, sent_root: Schema, path: str,
            problems: list[str]) -> None:
    reader = _resolve(reader, reader_root)
    sent = _resolve(sent, sent_root)
    sent_props = sent.get("properties", {})
    sent_required = set(sent.get("required", []))
    for name in reader.get("required", []):
        if name not in sent_props or name not in sent_required:
            problems.append(f"{path}.{name}: required by the reader, not always sent by the producer")
    for name, prop in reader.get("properties", {}).items():
        if name in sent_props:
            _accepts(prop, reader_root, sent_props[name], sent_root, f"{path}.{name}", problems)


def incompatibilities(reader_schema: Schema, producer_schema: Schema) -> list[str]:
    """Every way the producer's events could fail the reader (empty: compatible)."""
    problems: list[str] = []
    _object(reader_schema, reader_schema, producer_schema, producer_schema, "data", problems)
    return problems
