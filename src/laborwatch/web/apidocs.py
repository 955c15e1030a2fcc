"""The API reference page, read straight from the app's own OpenAPI document.

Rendered on the server as plain HTML: it works offline and under the strict Content-Security-Policy with no
JavaScript bundle, and it can never drift from the API because it is built from the same schema that
``/api/openapi.json`` serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    where: str  # path, query, header, cookie, or "body" for a schema property
    type: str
    required: bool
    description: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: str = ""  # the request body's schema, when there is one
    responses: list[tuple[str, str, str]] = field(default_factory=list)  # (status, description, schema)

    @property
    def anchor(self) -> str:
        return self.method + "-" + "".join(c if c.isalnum() else "-" for c in self.path).strip("-")


@dataclass
class Schema:
    name: str
    description: str
    fields: list[Field]


def type_name(schema: dict[str, Any]) -> str:
    """A schema written the way a reader thinks of it: ``list[Claim]``, ``string | null``, ``integer``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return " | ".join(type_name(s) for s in schema[combined])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list[{type_name(schema.get('items', {}))}]"
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return f"dict[string, {type_name(schema['additionalProperties'])}]"
    if "enum" in schema:
        return " | ".join(repr(v) for v in schema["enum"])
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def _content_schema(content: dict[str, Any]) -> str:
    for media, body in content.items():
        if "schema" in body:
            return f"{type_name(body['schema'])} ({media})"
    return ""


def operations(spec: dict[str, Any]) -> dict[str, list[Operation]]:
    """Every operation, grouped by its first tag (untagged ones under "other"), in the order the app lists them."""
    groups: dict[str, list[Operation]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [Field(p["name"], p.get("in", ""), type_name(p.get("schema", {})), bool(p.get("required")),
                            p.get("description", "")) for p in op.get("parameters", [])]
            body = _content_schema(op.get("requestBody", {}).get("content", {}))
            responses = [(code, r.get("description", ""), _content_schema(r.get("content", {})))
                         for code, r in op.get("responses", {}).items()]
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(Operation(method.upper(), path, op.get("summary", ""),
                                                        op.get("description", ""), params, body, responses))
    return groups


def schemas(spec: dict[str, Any]) -> list[Schema]:
    """The named request and response shapes, with each property's type and whether it is required."""
    out: list[Schema] = []
    for name, schema in sorted(spec.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [Field(prop, "body", type_name(s), prop in required, s.get("description", ""))
                  for prop, s in schema.get("properties", {}).items()]
        out.append(Schema(name, schema.get("description", ""), fields))
    return out
