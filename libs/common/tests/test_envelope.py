"""The CloudEvents envelope and the published JSON Schemas."""

from __future__ import annotations

from decimal import Decimal

from aftersales_common.messaging.envelope import CloudEvent, EventData, json_schemas, make_event
from aftersales_common.money import decimal_str, money_str, to_money
from aftersales_common.wire import Money, PlainDecimal


class Charged(EventData):
    event_type = "test.charged"
    amount: Money
    hours: PlainDecimal


def test_envelope_carries_the_contract_attributes():
    event = make_event(Charged(amount=Decimal("12.5"), hours=Decimal("1.50")), service="billing",
                       subject="inv-1", dealer_id="d1")
    wire = CloudEvent.from_json(event.to_json())
    assert wire.specversion == "1.0" and wire.source == "/aftersales/billing"
    assert wire.subject == "inv-1" and wire.dealerid == "d1"
    assert wire.dataschema == "urn:aftersales:event:test.charged:v1"
    assert wire.data == {"amount": "12.50", "hours": "1.5"}  # strings, never floats
    assert wire.time.tzinfo is not None


def test_published_schemas_promise_strings_for_money():
    schema = json_schemas([Charged])["urn:aftersales:event:test.charged:v1"]
    assert schema["properties"]["amount"]["type"] == "string"


def test_money_rounds_half_up_to_the_fen():
    assert to_money(Decimal("64.415")) == Decimal("64.42")
    assert money_str(Decimal("3")) == "3.00"
    assert decimal_str(Decimal("2.000")) == "2" and decimal_str(Decimal("-0")) == "0"
