"""The official Bot API method list, `api.min.json` (MIT, see the LICENSE beside it).

The package carries a copy (`PACKAGED`) so the sandbox checks every call with no files around
it; tests read the shared original and check the copy equals it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGED = Path(__file__).with_name("api.min.json")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]


class ApiSpec:
    """Bot API methods and their fields. Method names are case-insensitive, as in Telegram."""

    def __init__(self, methods: dict[str, MethodSpec]) -> None:
        self._methods = {name.lower(): method for name, method in methods.items()}

    @classmethod
    def load(cls, path: Path) -> ApiSpec:
        document = json.loads(path.read_text(encoding="utf-8"))
        methods = {name: _parse_method(name, raw) for name, raw in document["methods"].items()}
        return cls(methods)

    def has_method(self, name: str) -> bool:
        return name.lower() in self._methods

    def method(self, name: str) -> MethodSpec:
        """The method's spec; raises KeyError for a method Telegram does not have."""
        return self._methods[name.lower()]

    def required_fields(self, method: str) -> list[str]:
        return [field.name for field in self.method(method).fields.values() if field.required]

    def field_names(self, method: str) -> list[str]:
        return list(self.method(method).fields)

    def field_types(self, method: str, field: str) -> tuple[str, ...]:
        """The field's accepted types (e.g. ("Integer", "String")); () for an unknown field."""
        spec = self.method(method).fields.get(field)
        return spec.types if spec else ()


def _parse_method(name: str, raw: dict[str, Any]) -> MethodSpec:
    # Methods without parameters (getMe, logOut, close) have no "fields" key at all.
    fields = {
        item["name"]: FieldSpec(
            name=item["name"],
            types=tuple(item["types"]),
            required=bool(item["required"]),
        )
        for item in raw.get("fields", [])
    }
    return MethodSpec(name=raw.get("name", name), fields=fields)
