"""The customer pays online (sandbox provider): own invoice only, idempotent, never twice."""

from __future__ import annotations

import asyncio

import pytest

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, OTHER_CUSTOMER_ID
from aftersales_common.testing import bearer
from billing.adapters.payment_providers import SandboxProvider
from billing.config import BillingSettings
from services.billing.tests.billing_events import outbox
from services.billing.tests.service.test_api import _invoice


def _customer(settings, customer_id=DEMO_CUSTOMER_ID):
    return bearer(settings, "customer", customer_id=customer_id, sub=f"cust-{customer_id[:8]}")


def _pay_online(client, settings, invoice_id, key=None, customer_id=DEMO_CUSTOMER_ID):
    headers = {**_customer(settings, customer_id), **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/billing/invoices/{invoice_id}/online-payments", headers=headers)


async def test_customer_pays_own_invoice_online_and_it_is_paid_once(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    r = await _pay_online(client, settings, inv["id"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["status"], body["amount"], body["invoice_status"], body["balance_due"]) == (
        "succeeded", "818.12", "paid", "0.00")
    assert body["provider"] == "sandbox" and body["payment"]["method"] == "online"
    assert body["payment"]["reference"] == body["provider_payment_id"]
    paid = [d for t, d in await outbox(runtime) if t == "invoice.paid"]
    assert len(paid) == 1 and paid[0]["invoice_id"] == inv["id"]
    again = await _pay_online(client, settings, inv["id"])
    assert again.status_code == 409  # settled: the invoice's own guard, no second charge


async def test_another_customers_invoice_is_not_found(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    r = await _pay_online(client, settings, inv["id"], customer_id=OTHER_CUSTOMER_ID)
    assert r.status_code == 404
    staff = await client.post(f"/api/billing/invoices/{inv['id']}/online-payments",
                              headers=bearer(settings, "cashier"))
    assert staff.status_code == 403


async def test_repeat_with_the_same_key_returns_the_first_result(client, settings, runtime):
    inv = await _invoice(client, settings, runtime)
    first = await _pay_online(client, settings, inv["id"], key="pay-1")
    second = await _pay_online(client, settings, inv["id"], key="pay-1")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    payments = (await client.get(f"/api/billing/invoices/{inv['id']}/payments",
                                 headers=bearer(settings, "cashier"))).json()
    assert len(payments) == 1


async def test_a_draft_cannot_be_paid_online(client, settings, runtime):
    inv = await _invoice(client, settings, runtime, complete=False)
    assert (await _pay_online(client, settings, inv["id"])).status_code == 409


async def test_two_concurrent_confirmations_record_one_payment(client, settings, runtime):
    # Intents wait for confirmation: the customer completes them at the provider later.
    provider = SandboxProvider(auto_confirm=False)
    runtime.extras["payment_provider"] = provider
    inv = await _invoice(client, settings, runtime)
    r = await _pay_online(client, settings, inv["id"])
    assert r.status_code == 201 and r.json()["status"] == "requires_confirmation"
    assert r.json()["payment"] is None and r.json()["invoice_status"] == "issued"
    intent_id = r.json()["provider_payment_id"]
    provider.confirm(intent_id)  # the customer paid at the provider
    url = f"/api/billing/invoices/{inv['id']}/online-payments/{intent_id}/confirm"
    a, b = await asyncio.gather(client.post(url, headers=_customer(settings)),
                                client.post(url, headers=_customer(settings)))
    assert a.status_code == b.status_code == 200, (a.text, b.text)
    assert a.json()["payment"]["id"] == b.json()["payment"]["id"]
    got = (await client.get(f"/api/billing/invoices/{inv['id']}", headers=_customer(settings))).json()
    assert (got["status"], got["paid"]) == ("paid", "818.12")
    assert len([t for t, _ in await outbox(runtime) if t == "invoice.paid"]) == 1
    unknown = await client.post(f"/api/billing/invoices/{inv['id']}/online-payments/sbx_nope/confirm",
                                headers=_customer(settings))
    assert unknown.status_code == 404


def test_production_refuses_the_sandbox():
    with pytest.raises(ValueError, match="sandbox"):
        BillingSettings(app_env="production", auth_jwks_url="https://issuer/jwks",
                        database_url="postgresql://u:p@h/billing")
    assert BillingSettings(app_env="production", auth_jwks_url="https://issuer/jwks",
                           database_url="postgresql://u:p@h/billing",
                           payment_provider="none").payment_provider == "none"
