"""Topics are created explicitly with the partition count we mean (a broker's auto-create picks its own)."""

from __future__ import annotations

import contextlib

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from allianties_shared.messaging.connection import aiokafka_options
from allianties_shared.settings import KafkaSettings


async def ensure_topics(settings: KafkaSettings, names: list[str]) -> list[str]:
    """Create the topics that do not exist yet; return those created."""
    admin = AIOKafkaAdminClient(**aiokafka_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in dict.fromkeys(names) if n not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another instance was quicker
                await admin.create_topics(
                    [NewTopic(n, num_partitions=settings.partitions, replication_factor=settings.replication_factor) for n in missing]
                )
        return missing
    finally:
        await admin.close()
