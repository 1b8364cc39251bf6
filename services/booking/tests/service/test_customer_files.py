"""Customer files: the customer keeps their own preferences; a phone number has one file."""

from __future__ import annotations

from aftersales_common.auth.demo import DEMO_CUSTOMER_ID, OTHER_CUSTOMER_ID
from aftersales_common.testing import bearer

from .helpers import outbox


async def test_a_customer_opts_out_of_callbacks_and_everyone_hears_of_it(client, settings,
                                                                         runtime):
    zhang = bearer(settings, "customer", customer_id=DEMO_CUSTOMER_ID)
    r = await client.patch(f"/api/booking/customers/{DEMO_CUSTOMER_ID}",
                           json={"callback_opt_out": True, "preferred_channel": "sms"},
                           headers=zhang)
    assert r.status_code == 200
    assert (r.json()["callback_opt_out"], r.json()["preferred_channel"]) == (True, "sms")
    [event] = await outbox(runtime, "customer.updated")
    assert event["subject"] == DEMO_CUSTOMER_ID
    assert event["data"]["contact_preferences"] == {
        "callback_opt_out": True, "sms_opt_out": False, "preferred_channel": "sms"}
    other = await client.patch(f"/api/booking/customers/{OTHER_CUSTOMER_ID}",
                               json={"callback_opt_out": True}, headers=zhang)
    assert other.status_code == 404


async def test_a_phone_number_already_on_file_cannot_be_taken(client, settings, runtime):
    advisor = bearer(settings, "service_advisor")
    r = await client.patch(f"/api/booking/customers/{OTHER_CUSTOMER_ID}",
                           json={"phone": "138-0013-8000"}, headers=advisor)  # Zhang Wei's
    assert r.status_code == 409 and r.json()["type"].endswith("duplicate-customer")
    assert await outbox(runtime, "customer.updated") == []
