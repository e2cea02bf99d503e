"""Checks API responses against the OpenAPI document the project serves at /api/schema/.

The OpenAPI 3.0 schema is turned into JSON Schema (``nullable`` → a ``null`` alternative) and
objects are closed (``additionalProperties: false`` where the schema lists properties), so a field
the document does not describe fails as surely as a missing or mistyped one.
"""

from __future__ import annotations

import re

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = "urn:claimdesk-openapi"


def _convert(node):
    if isinstance(node, list):
        return [_convert(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _convert(value) for key, value in node.items()}
    if "$ref" in node and node["$ref"].startswith("#/"):
        node["$ref"] = ROOT + node["$ref"]
    if node.get("type") == "object" and "properties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def _route(template: str) -> re.Pattern:
    parts = re.split(r"(\{[^}]+\})", template)
    return re.compile(
        "^" + "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$"
    )


class OpenAPIChecker:
    def __init__(self, document: dict):
        self.document = document
        converted = _convert(document)
        self.registry = Registry().with_resource(
            ROOT, Resource.from_contents(converted, default_specification=DRAFT202012)
        )
        self.converted = converted
        # Literal paths first, so /claims/take-next/ is not read as /claims/{id}/.
        templates = sorted(document["paths"], key=lambda path: path.count("{"))
        self.routes = [(_route(path), path) for path in templates]

    def operation(self, path: str, method: str) -> tuple[str, dict]:
        for pattern, template in self.routes:
            if pattern.match(path):
                operations = self.document["paths"][template]
                if method.lower() not in operations:
                    raise AssertionError(f"{method} {template} is not in the OpenAPI document")
                return template, operations[method.lower()]
        raise AssertionError(f"{path} is not in the OpenAPI document")

    def check(self, method: str, path: str, status: int, body) -> None:
        template, operation = self.operation(path, method)
        responses = operation.get("responses", {})
        if str(status) not in responses:
            raise AssertionError(
                f"{method} {template} answered {status}, which the OpenAPI document does not list "
                f"(it lists {', '.join(sorted(responses))})"
            )
        content = responses[str(status)].get("content")
        if not content:
            if body not in (None, b"", ""):
                raise AssertionError(
                    f"{method} {template} {status}: a body the document does not describe"
                )
            return
        schema = content.get("application/json", {}).get("schema")
        if schema is None:
            return
        pointer = "/".join(
            part.replace("~", "~0").replace("/", "~1")
            for part in (
                "paths",
                template,
                method.lower(),
                "responses",
                str(status),
                "content",
                "application/json",
                "schema",
            )
        )
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"{ROOT}#/{pointer}"}, registry=self.registry
        )
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        if errors:
            details = "; ".join(
                f"{'/'.join(map(str, e.path)) or '(root)'}: {e.message}" for e in errors[:5]
            )
            raise AssertionError(
                f"{method} {template} {status} does not match the OpenAPI document: {details}"
            )
