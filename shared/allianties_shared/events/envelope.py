"""CloudEvents 1.0, JSON structured mode, Kafka protocol binding, NL GOV profile.

On Kafka: the record value is the whole event as JSON, the header ``content-type`` is
``application/cloudevents+json; charset=UTF-8`` and the record key is the stream id, which is
also the CloudEvent ``subject``. ``source`` is ``urn:nld:oin:<OIN>:systeem:<service>``.
"""

from __future__ import annotations

import json
from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from allianties_shared.events.cloudevents_json import NotACloudEvent, check_cloudevent
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.events.registry import EventRegistry

CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8"


class EnvelopeError(ValueError):
    """A message that is not a valid CloudEvent of ours; it goes to the dead-letter topic."""


class CloudEvent(BaseModel):
    """The wire form: a CloudEvent 1.0 (``check_cloudevent``) with the attributes of our profile.

    Extension attributes are lower-case alphanumerics, as the spec demands; the model refuses what
    the format forbids, so the producer cannot write it either (an empty subject, a naive time).
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    specversion: Literal["1.0"] = "1.0"
    id: UUID
    source: str = Field(pattern=r"^urn:nld:oin:[0-9]{20}:systeem:[a-z]+$")
    type: str = Field(min_length=1)
    subject: str = Field(min_length=1)
    time: AwareDatetime
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
    sequence: str = Field(pattern=r"^[1-9][0-9]*$")
    sequencetype: Literal["Integer"] = "Integer"
    correlationid: str
    causationid: str | None = None
    actorrole: str
    actorid: str
    streamtype: str
    eventhash: str
    prevhash: str
    data: dict[str, Any]

    @classmethod
    def from_recorded(cls, event: RecordedEvent, *, oin: str, service: str, schema_base_url: str) -> CloudEvent:
        ce_type = EventRegistry.cloudevent_type(event.name, event.schema_version)
        return cls(
            id=event.event_id,
            source=source_urn(oin, service),
            type=ce_type,
            subject=event.stream_id,
            time=event.recorded_at,
            dataschema=f"{schema_base_url.rstrip('/')}/{ce_type}.json",
            sequence=str(event.version),
            correlationid=event.metadata.correlation_id,
            causationid=event.metadata.causation_id,
            actorrole=event.metadata.actor_role,
            actorid=event.metadata.actor_id,
            streamtype=event.stream_type,
            eventhash=event.hash,
            prevhash=event.prev_hash,
            data=event.data,
            **_trace_extensions(event.metadata),
        )

    @classmethod
    def from_bytes(cls, raw: bytes) -> CloudEvent:
        try:
            return cls.model_validate(check_cloudevent(json.loads(raw)))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise EnvelopeError(f"not JSON: {error}") from None
        except NotACloudEvent as error:
            raise EnvelopeError(f"not a CloudEvent 1.0: {error}") from None
        except ValidationError as error:
            raise EnvelopeError(f"not a valid CloudEvent: {error.errors(include_url=False)}") from None

    def to_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()

    @property
    def traceparent(self) -> str | None:
        """The distributed-tracing extension: the W3C trace context the event was recorded in. An
        extension like any other, so a record without it, or with one we cannot use, is still read."""
        value = (self.model_extra or {}).get("traceparent")
        return value if isinstance(value, str) else None

    @property
    def tracestate(self) -> str | None:
        value = (self.model_extra or {}).get("tracestate")
        return value if isinstance(value, str) and self.traceparent else None

    @property
    def producer(self) -> str:
        return self.source.rsplit(":", 1)[-1]

    @property
    def name_and_version(self) -> tuple[str, int]:
        return EventRegistry.parse_cloudevent_type(self.type)

    def to_recorded(self) -> RecordedEvent:
        """The producer's stored form, as far as the wire carries it (positions are the producer's)."""
        name, version = self.name_and_version
        return RecordedEvent(
            event_id=self.id,
            stream_id=self.subject,
            stream_type=self.streamtype,
            version=int(self.sequence),
            name=name,
            schema_version=version,
            data=self.data,
            metadata=EventMetadata(
                correlation_id=self.correlationid,
                causation_id=self.causationid,
                actor_id=self.actorid,
                actor_role=self.actorrole,
                traceparent=self.traceparent,
                tracestate=self.tracestate,
            ),
            recorded_at=self.time,
            prev_hash=self.prevhash,
            hash=self.eventhash,
        )


def _trace_extensions(metadata: EventMetadata) -> dict[str, str]:
    if metadata.traceparent is None:
        return {}
    if metadata.tracestate is None:
        return {"traceparent": metadata.traceparent}
    return {"traceparent": metadata.traceparent, "tracestate": metadata.tracestate}


def source_urn(oin: str, service: str) -> str:
    return f"urn:nld:oin:{oin}:systeem:{service}"


def kafka_headers() -> list[tuple[str, bytes]]:
    return [("content-type", CONTENT_TYPE.encode())]
