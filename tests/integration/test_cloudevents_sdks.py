"""Partners on other languages can read the events: the published Kafka records decode
with the official CloudEvents SDKs of Python (PyPI `cloudevents`) and JavaScript (npm
`cloudevents`), following the Kafka protocol binding.

Finding: the records carried no `content-type` header, so an SDK that follows the binding
took them for binary mode without `ce_` headers and rejected every one. Structured mode
needs `content-type: application/cloudevents+json` (binding, section 3.1).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from cloudevents.core.bindings import kafka as ce_kafka
from sqlalchemy import select

from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.kafka import KafkaBus
from harness import MiniService
from tests.infra.services import create_database

pytestmark = pytest.mark.realinfra

JS_DIR = Path(__file__).resolve().parents[1] / "sdk" / "js"
COUNT = 5


async def _published_records(kafka: str, postgres: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Publish COUNT events through the outbox relay and KafkaBus; read the raw records back."""
    tag = uuid.uuid4().hex[:8]
    name = f"sdk{tag}"
    topic = f"aftersales.{name}"
    bus = KafkaBus(kafka, client_id=f"sdk-{tag}", topics=[topic], partitions=1)
    await bus.start()
    svc = MiniService(create_database(postgres, f"ce_{name}"), bus, name=name)
    await svc.create()
    svc.relay.start()
    reader = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
    try:
        await svc.publish_pings(COUNT, key=f"order-{tag}")
        async with svc.db.session() as s:
            payloads = list((await s.execute(
                select(svc.tables.outbox.c.payload).order_by(svc.tables.outbox.c.seq))).scalars())
        await reader.start()
        tp = TopicPartition(topic, 0)
        reader.assign([tp])
        await reader.seek_to_beginning(tp)
        records: list[dict[str, Any]] = []
        async with asyncio.timeout(60):
            while len(records) < COUNT:
                for msgs in (await reader.getmany(tp, timeout_ms=1000)).values():
                    for m in msgs:
                        records.append({
                            "key": m.key.decode() if m.key is not None else None,
                            "value": m.value.decode(),
                            "headers": {k: v.decode() for k, v in m.headers},
                        })
        return records, payloads
    finally:
        await reader.stop()
        await svc.relay.stop()
        await bus.stop()
        await svc.db.dispose()


def decode_with_python_sdk(record: dict[str, Any]) -> dict[str, Any]:
    """The Kafka binding's rule: `content-type` starting with application/cloudevents means
    structured mode, anything else (or none) binary mode (spec, section 2)."""
    message = ce_kafka.KafkaMessage(
        headers={k: v.encode() for k, v in record["headers"].items()},
        key=record["key"], value=record["value"].encode())
    content_type = record["headers"].get("content-type", "")
    if content_type.startswith("application/cloudevents"):
        event = ce_kafka.from_structured_event(message)
    else:
        event = ce_kafka.from_binary_event(message)
    attributes = event.get_attributes()
    return {**{k: attributes.get(k) for k in ("id", "type", "source", "subject", "dealerid",
                                              "dataschema", "specversion")},
            "data": event.get_data()}


def decode_with_javascript_sdk(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    npm, node = shutil.which("npm"), shutil.which("node")
    assert npm and node, "node and npm are needed for the JavaScript CloudEvents SDK check"
    if not (JS_DIR / "node_modules" / "cloudevents").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, check=True,
                       capture_output=True, timeout=300)
    done = subprocess.run([node, "decode.js"], cwd=JS_DIR, input=json.dumps(records),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


async def test_published_records_decode_with_the_python_and_javascript_cloudevents_sdks(
    kafka: str, postgres: str
) -> None:
    records, payloads = await _published_records(kafka, postgres)
    expected = [CloudEvent.from_json(p) for p in payloads]
    assert [r["value"] for r in records] == payloads  # the envelope travels byte for byte
    for record in records:
        assert record["headers"].get("content-type") == "application/cloudevents+json", record

    def check(decoded: dict[str, Any], want: CloudEvent, key: str) -> None:
        assert decoded["id"] == want.id
        assert decoded["type"] == want.type == "test.ping"
        assert decoded["source"] == want.source
        assert decoded["subject"] == want.subject == key
        assert decoded["dealerid"] == "d1"
        assert decoded["dataschema"] == want.dataschema
        assert decoded["specversion"] == "1.0"
        assert decoded["data"] == want.data

    for record, want in zip(records, expected, strict=True):
        check(decode_with_python_sdk(record), want, record["key"])

    js = decode_with_javascript_sdk(records)
    assert all(r["ok"] for r in js), js
    for result, record, want in zip(js, records, expected, strict=True):
        check(result["event"], want, record["key"])
        assert result["event"]["partitionkey"] == record["key"]

    # Control: the same records without the header are what partners got before, and
    # both SDKs reject them (binary mode, no ce_ headers).
    bare = [{**r, "headers": {}} for r in records]
    assert not any(r["ok"] for r in decode_with_javascript_sdk(bare))
    for record in bare:
        with pytest.raises(Exception):
            decode_with_python_sdk(record)
