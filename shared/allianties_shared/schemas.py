"""JSON Schema of every version of every event type and an AsyncAPI 3.0 document of every topic,
from the registries. A version that is no longer current stays published: its events stay on the
topics for good, and every ``dataschema`` ever written must keep resolving."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from allianties_shared.contracts import REGISTRIES
from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry
from allianties_shared.settings import KafkaSettings

ENVELOPE_ATTRIBUTES = {
    "specversion": {"type": "string", "const": "1.0"},
    "id": {"type": "string", "format": "uuid"},
    "source": {"type": "string", "pattern": "^urn:nld:oin:[0-9]{20}:systeem:[a-z]+$"},
    "type": {"type": "string"},
    "subject": {"type": "string", "description": "the stream id; also the Kafka record key"},
    "time": {"type": "string", "format": "date-time"},
    "datacontenttype": {"type": "string", "const": "application/json"},
    "dataschema": {"type": "string", "format": "uri"},
    "sequence": {"type": "string", "description": "the stream version"},
    "sequencetype": {"type": "string", "const": "Integer"},
    "correlationid": {"type": "string"},
    "causationid": {"type": "string"},
    "actorrole": {"type": "string"},
    "actorid": {"type": "string"},
    "streamtype": {"type": "string"},
    "eventhash": {"type": "string", "description": "SHA-256 of this event chained to the previous one"},
    "prevhash": {"type": "string"},
}


def event_json_schema(model: type[DomainEvent]) -> dict[str, Any]:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = EventRegistry.cloudevent_type(model.name, model.version)
    schema["description"] = (model.__doc__ or "").strip()
    return schema


# The payloads are JSON Schema; the AsyncAPI document says which draft, and draft-07 is the one
# every AsyncAPI tool reads. What pydantic writes for our models is valid in it once the
# definitions live where the document can reach them (components.schemas, not a nested $defs).
PAYLOAD_FORMAT = "application/schema+json;version=draft-07"
DEFINITIONS = "#/$defs/"
COMPONENT_SCHEMAS = "#/components/schemas/"


def _refer_to_components(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            key: (COMPONENT_SCHEMAS + value.removeprefix(DEFINITIONS) if key == "$ref" and value.startswith(DEFINITIONS) else _refer_to_components(value))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_refer_to_components(item) for item in node]
    return node


def _embedded_data_schema(model: type[DomainEvent], components: dict[str, Any]) -> dict[str, Any]:
    """The event's schema inside the document: its definitions moved to ``components.schemas``."""
    schema = copy.deepcopy(event_json_schema(model))
    for name, definition in schema.pop("$defs", {}).items():
        definition = _refer_to_components(definition)
        if components.setdefault(name, definition) != definition:
            raise ValueError(f"two event types define {name} differently: give one of them another name")
    schema.pop("$schema")
    schema["x-dataschema-id"] = schema.pop("$id")
    return _refer_to_components(schema)


def _message(model: type[DomainEvent], components: dict[str, Any]) -> dict[str, Any]:
    ce_type = EventRegistry.cloudevent_type(model.name, model.version)
    return {
        "name": ce_type,
        "title": f"{model.model_json_schema()['title']} v{model.version}",
        "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
        "contentType": "application/cloudevents+json; charset=UTF-8",
        "bindings": {"kafka": {"key": {"type": "string", "description": "stream id (= CloudEvent subject)"}}},
        "payload": {
            "schemaFormat": PAYLOAD_FORMAT,
            "schema": {
                "type": "object",
                "required": ["specversion", "id", "source", "type", "subject", "time", "data"],
                "properties": {
                    **ENVELOPE_ATTRIBUTES,
                    "type": {"type": "string", "const": ce_type},
                    "data": _embedded_data_schema(model, components),
                },
            },
        },
    }


def asyncapi_document(service: str, registry: EventRegistry, kafka: KafkaSettings) -> dict[str, Any]:
    """Every version still on the topic is a message of its own: a subscriber may meet any of them."""
    components: dict[str, Any] = {}
    messages = {model.__name__: _message(model, components) for model in registry.every_version()}
    topic = kafka.topic(service)
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"allianties {service} events",
            "version": "1.0.0",
            "description": f"Domain events of the {service} service, CloudEvents 1.0 (structured mode, NL GOV profile).",
        },
        "channels": {service: {"address": topic, "messages": {k: {"$ref": f"#/components/messages/{k}"} for k in messages}}},
        "operations": {
            f"publish-{service}": {
                "action": "send",
                "channel": {"$ref": f"#/channels/{service}"},
                "messages": [{"$ref": f"#/channels/{service}/messages/{k}"} for k in messages],
            }
        },
        "components": {"messages": messages, "schemas": dict(sorted(components.items()))},
    }


def write_schemas(out: Path, kafka: KafkaSettings | None = None) -> list[Path]:
    """Write ``<out>/<service>/<type>.json`` per version of every event type and ``<out>/<service>/asyncapi.json``.

    Without ``kafka`` the topic names use the default prefix, not the environment: the committed
    documents must not depend on who generated them.
    """
    kafka = kafka or KafkaSettings.model_construct()
    written: list[Path] = []
    for service, registry in REGISTRIES.items():
        folder = out / service
        folder.mkdir(parents=True, exist_ok=True)
        for model in registry.every_version():
            path = folder / f"{EventRegistry.cloudevent_type(model.name, model.version)}.json"
            path.write_text(json.dumps(event_json_schema(model), indent=2, ensure_ascii=False) + "\n")
            written.append(path)
        path = folder / "asyncapi.json"
        path.write_text(json.dumps(asyncapi_document(service, registry, kafka), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
        for stale in set(folder.glob("*.json")) - set(written):  # a type the code no longer knows at all
            stale.unlink()
    return written
