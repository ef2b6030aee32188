"""JSON Schema of every event type and an AsyncAPI 3.0 document of every topic, from the registries."""

from __future__ import annotations

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


def asyncapi_document(service: str, registry: EventRegistry, kafka: KafkaSettings) -> dict[str, Any]:
    messages = {}
    for model in registry:
        ce_type = EventRegistry.cloudevent_type(model.name, model.version)
        messages[model.__name__] = {
            "name": ce_type,
            "title": model.__name__,
            "summary": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
            "contentType": "application/cloudevents+json; charset=UTF-8",
            "bindings": {"kafka": {"key": {"type": "string", "description": "stream id (= CloudEvent subject)"}}},
            "payload": {
                "type": "object",
                "required": ["specversion", "id", "source", "type", "subject", "time", "data"],
                "properties": {**ENVELOPE_ATTRIBUTES, "type": {"type": "string", "const": ce_type}, "data": event_json_schema(model)},
            },
        }
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
        "components": {"messages": messages},
    }


def write_schemas(out: Path, kafka: KafkaSettings | None = None) -> list[Path]:
    """Write ``<out>/<service>/<type>.json`` per event type and ``<out>/<service>/asyncapi.json``.

    Without ``kafka`` the topic names use the default prefix, not the environment: the committed
    documents must not depend on who generated them.
    """
    kafka = kafka or KafkaSettings.model_construct()
    written: list[Path] = []
    for service, registry in REGISTRIES.items():
        folder = out / service
        folder.mkdir(parents=True, exist_ok=True)
        for model in registry:
            path = folder / f"{EventRegistry.cloudevent_type(model.name, model.version)}.json"
            path.write_text(json.dumps(event_json_schema(model), indent=2, ensure_ascii=False) + "\n")
            written.append(path)
        path = folder / "asyncapi.json"
        path.write_text(json.dumps(asyncapi_document(service, registry, kafka), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
        for stale in set(folder.glob("*.json")) - set(written):  # a version that is no longer current
            stale.unlink()
    return written
