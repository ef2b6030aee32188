"""Health, readiness, operator status and republish, and the JSON Schemas of the service's events."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from datetime import datetime

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from allianties_shared.domain.actor import Actor, Role
from allianties_shared.domain.clock import SettableClock
from allianties_shared.domain.errors import AccessDenied, NotFound, RuleViolation
from allianties_shared.events.registry import EventRegistry
from allianties_shared.eventstore.ports import START, Position
from allianties_shared.http.auth import current_actor
from allianties_shared.messaging.topics import ensure_topics
from allianties_shared.runtime.dead_letter_routes import dead_letter_counts, dead_letter_router
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.rebuild import RebuildProgress, rebuild_read_models
from allianties_shared.runtime.state import ConsumerHandle, RunningService
from allianties_shared.runtime.tickers import tick_soon
from allianties_shared.schemas import event_json_schema


class ClockSetting(BaseModel):
    now: datetime = Field(description="the moment the service's clock should show now (timezone-aware)")


class RepublishRequest(BaseModel):
    from_position: int = Field(ge=0, description="global position to publish again from; 0 = everything")


async def _database_answers(service: RunningService) -> bool:
    try:
        return await asyncio.wait_for(service.pool.fetchval("SELECT true"), 2)
    except Exception:  # noqa: BLE001 - readiness reports, it does not raise
        return False


async def _broker_answers(service: RunningService) -> bool:
    try:
        return bool(await asyncio.wait_for(service.producer.client.force_metadata_update(), 2))
    except Exception:  # noqa: BLE001
        return False


async def relay_lag_seconds(service: RunningService, position: Position) -> float:
    """How long the oldest event the relay has not published yet has waited (0 when none waits), by the service's clock."""
    oldest = await service.store.read_all(position, 1)
    if not oldest:
        return 0.0
    return round(max(0.0, (service.clock.now() - oldest[0].recorded_at).total_seconds()), 3)


async def _consumer_status(handle: ConsumerHandle) -> dict:
    consumer = getattr(handle.subscriber, "consumer", None)
    partitions: list[dict] = []
    if consumer is not None and handle.joined:
        assigned = sorted(consumer.assignment(), key=lambda tp: (tp.topic, tp.partition))
        ends = await consumer.end_offsets(assigned) if assigned else {}
        for tp in assigned:
            committed = await consumer.committed(tp)
            end = ends.get(tp, 0)
            # Never below 0: Tansu's high-water mark can stop short of the last records of a multi-record
            # batch, so an offset committed after reading them lies beyond the reported end.
            lag = max(0, end - (committed or 0))
            partitions.append({"topic": tp.topic, "partition": tp.partition, "committed": committed, "end": end, "lag": lag})
    return {
        "group": handle.consumer.group,
        "topics": handle.topics,
        "joined": handle.joined,
        "partitions": partitions,
        "lag": sum(p["lag"] for p in partitions),
        "outcomes": dict(handle.consumer.counts),
    }


def ops_router() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="The process is alive")
    async def healthz() -> dict:
        return {"status": "ok"}

    @router.get("/readyz", summary="Database and broker answer, every consumer has joined its group, and no shutdown has begun")
    async def readyz(request: Request, response: Response, service: RunningService = Depends(running)) -> dict:
        if getattr(request.app.state, "draining", False):  # SIGTERM: let the load balancer stop sending (runtime.draining)
            response.status_code = 503
            return {"status": "stopping", "checks": {"shutdown": False}}
        checks = {
            "database": await _database_answers(service),
            "broker": await _broker_answers(service),
            "consumers": all(h.joined for h in service.consumers),
        }
        ready = all(checks.values())
        response.status_code = 200 if ready else 503
        return {"status": "ready" if ready else "not-ready", "checks": checks}

    @router.get("/ops/status", summary="Relay position and lag, consumer groups and their lag, the live instances (operator)")
    async def status(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
        actor.require_role(Role.OPERATOR, Role.AUDITOR)
        relay_position = await service.relay.position()
        head = await service.store.head()
        answer = {
            "service": service.name,
            "topic": service.relay.publisher.topic,
            "relay": {
                "active": service.relay.active,
                "position": relay_position.global_position,
                "transaction_id": relay_position.transaction_id,
                "head": head.global_position,
                "lag": await service.store.count_after(relay_position),
                "lag_seconds": await relay_lag_seconds(service, relay_position),
                "published_since_start": service.relay.published,
                "republished_after_broker_loss": service.relay.republished_after_broker_loss,
            },
            "consumers": [await _consumer_status(h) for h in service.consumers],
            "dead_letters": await dead_letter_counts(service),
            "instance": service.instances.instance.id if service.instances else None,
            "instances": await service.instances.live() if service.instances else [],
        }
        for report in service.definition.status:  # the service's own sections, e.g. notificatie's "queues"
            answer.update(await report(service))
        return answer

    @router.post("/ops/republish", summary="Publish the events from a global position again (operator)")
    async def republish(
        request: RepublishRequest, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)
    ) -> dict:
        actor.require_role(Role.OPERATOR)
        await ensure_topics(service.kafka, service.topics)  # a broker that lost everything lost its topics too
        position = await service.store.position_of(request.from_position) if request.from_position else START
        await service.relay.reset(position)
        return {"service": service.name, "republishing": await service.store.count_after(position)}

    @router.get("/ops/streams", summary="The head (version and hash) of every stream in the store (auditor)")
    async def streams(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
        actor.require_role(Role.AUDITOR, Role.OPERATOR)
        heads = await service.store.stream_heads()
        return {
            "service": service.name,
            "events": sum(version for version, _ in heads.values()),
            "streams": {stream: {"version": version, "hash": digest} for stream, (version, digest) in heads.items()},
        }

    @router.post("/ops/rebuild", status_code=202, summary="Rebuild the read models from the events, aside, then switch (operator)")
    async def start_rebuild(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
        actor.require_role(Role.OPERATOR)
        progress: RebuildProgress = service.extras.setdefault("rebuild", RebuildProgress())  # type: ignore[assignment]
        if progress.state in ("building", "switching"):
            raise RuleViolation("rebuild-once", "Er loopt al een herbouw.", "A rebuild is already running.")
        fresh = RebuildProgress()
        service.extras["rebuild"] = fresh
        task = asyncio.create_task(
            rebuild_read_models(service.pool, service.store, service.definition, fresh), name=f"{service.name}-rebuild"
        )
        service.extras["rebuild_task"] = task  # keep a reference; failures are reported through the progress
        task.add_done_callback(lambda t: t.cancelled() or t.exception())
        return asdict(fresh)

    @router.get("/ops/rebuild", summary="Progress of the last read-model rebuild")
    async def rebuild_progress(actor: Actor = Depends(current_actor), service: RunningService = Depends(running)) -> dict:
        actor.require_role(Role.OPERATOR, Role.AUDITOR)
        return asdict(service.extras.get("rebuild") or RebuildProgress())

    @router.get("/ops/clock", summary="The service's clock")
    async def get_clock(service: RunningService = Depends(running)) -> dict:
        return {"now": service.clock.now(), "settable": isinstance(service.clock, SettableClock)}

    @router.put("/ops/clock", summary="Set the clock of every instance of the service (operator; only with ALLIANTIES_SETTABLE_CLOCK)")
    async def set_clock(
        setting: ClockSetting, actor: Actor = Depends(current_actor), service: RunningService = Depends(running)
    ) -> dict:
        actor.require_role(Role.OPERATOR)
        if not isinstance(service.clock, SettableClock):
            raise AccessDenied(
                "clock-settable",
                "De klok van deze dienst is de systeemklok en kan niet worden verzet.",
                "This service runs on the system clock, which cannot be set.",
            )
        if setting.now.tzinfo is None:
            raise RuleViolation("clock-timezone", "Geef een tijd met tijdzone.", "Give a time with a timezone.", field="now")
        if service.shared_clock is not None:
            await service.shared_clock.set(setting.now)  # every instance of the service, through its database
        else:
            service.clock.set(setting.now)
        tick_soon(service)
        return {"now": service.clock.now(), "settable": True}

    @router.get("/schemas/{ce_type}.json", summary="JSON Schema of one event type (the CloudEvent dataschema)")
    async def schema(ce_type: str, service: RunningService = Depends(running)) -> dict:
        registry = service.definition.registry
        try:
            name, version = EventRegistry.parse_cloudevent_type(ce_type)
            registry.model(name)
        except LookupError:
            raise NotFound("event-type", f"Onbekend eventtype {ce_type}.", f"Unknown event type {ce_type}.") from None
        try:
            return event_json_schema(registry.model_of(name, version))  # every version ever written stays published
        except LookupError:
            raise NotFound("event-version", f"Versie {version} van {name} bestaat niet.", f"Version {version} of {name} does not exist.") from None

    router.include_router(dead_letter_router())
    return router
