"""The reference page's reading of the OpenAPI description: operations, parameters and schemas
as rows for app/templates/api/reference.html, so the page shows exactly what the description
says."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Param:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Operation:
    path: str
    anchor: str
    summary: str
    params: list[Param]
    responses: list[tuple[str, str, str]]


@dataclass
class Schema:
    name: str
    description: str
    properties: list[tuple[str, str, str]] = field(default_factory=list)


def _ref_name(schema: dict) -> str:
    return schema["$ref"].rsplit("/", 1)[-1]


def type_of(schema: dict) -> str:
    """A short, readable type: `integer (1–100, default 20)`, `array of Idea`, `Point | null`."""
    if "$ref" in schema:
        return _ref_name(schema)
    if "oneOf" in schema:
        return " | ".join(type_of(part) for part in schema["oneOf"])
    kinds = schema.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    text = " | ".join("array of " + type_of(schema["items"]) if kind == "array" else kind
                      for kind in kinds)
    details = [schema["format"]] if "format" in schema else []
    if "minimum" in schema and "maximum" in schema:
        details.append(f"{schema['minimum']}–{schema['maximum']}")
    elif "minimum" in schema:
        details.append(f"≥ {schema['minimum']}")
    elif "maximum" in schema:
        details.append(f"≤ {schema['maximum']}")
    if "enum" in schema:
        details.append(", ".join(str(value) for value in schema["enum"]))
    if "pattern" in schema:
        details.append(schema["pattern"])
    if "default" in schema:
        details.append(f"default {schema['default']}")
    return f"{text} ({'; '.join(details)})" if details else text


def _param(spec: dict, param: dict) -> Param:
    if "$ref" in param:
        param = spec["components"]["parameters"][_ref_name(param)]
    return Param(param["name"], param["in"], type_of(param["schema"]), param.get("required", False),
                 param.get("description", ""))


def _response_type(response: dict) -> str:
    content = response.get("content", {})
    return next((f"{media}: {type_of(body['schema'])}" for media, body in content.items()), "")


def operations(spec: dict) -> list[Operation]:
    found = []
    for path, item in spec["paths"].items():
        get = item["get"]
        found.append(Operation(
            path, get["operationId"], get["summary"], [_param(spec, p) for p in get["parameters"]],
            [(code, response["description"], _response_type(response))
             for code, response in get["responses"].items()]))
    return found


def schemas(spec: dict) -> list[Schema]:
    found = []
    for name, schema in spec["components"]["schemas"].items():
        entry = Schema(name, schema.get("description", ""))
        for prop, sub in schema.get("properties", {}).items():
            entry.properties.append((prop, type_of(sub), sub.get("description", "")))
        found.append(entry)
    return found
