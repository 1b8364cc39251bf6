"""The dealer's workshop policy in and out of its row (JSON); no row means the defaults."""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from aftersales_common.clock import utcnow
from aftersales_common.db import Session, upsert
from workshop.adapters import tables as t
from workshop.domain.policy import Period, SanbaoLimits, WorkshopPolicy
from workshop.domain.terms import GuaranteeClass


def policy_to_json(policy: WorkshopPolicy) -> dict[str, Any]:
    """The policy as plain JSON (decimals as strings, guarantees keyed by class)."""
    out: dict[str, Any] = {}
    for f in fields(policy):
        value = getattr(policy, f.name)
        if f.name == "guarantees":
            value = {cls.value: asdict(period) for cls, period in value.items()}
        elif f.name == "sanbao":
            value = {**asdict(value), "validity": asdict(value.validity)}
        elif isinstance(value, Decimal):
            value = str(value)
        out[f.name] = value
    return out


def policy_from_json(data: dict[str, Any]) -> WorkshopPolicy:
    """A policy from its JSON; fields missing (added since it was saved) take the defaults."""
    default = WorkshopPolicy()
    kw: dict[str, Any] = {}
    for f in fields(default):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "guarantees":
            value = {**default.guarantees,
                     **{GuaranteeClass(k): Period(int(v["km"]), int(v["days"]))
                        for k, v in value.items()}}
        elif f.name == "sanbao":
            validity = value.get("validity") or asdict(default.sanbao.validity)
            value = SanbaoLimits(**{**asdict(default.sanbao), **value,
                                    "validity": Period(int(validity["km"]),
                                                       int(validity["days"]))})
        elif f.name == "estimate_margin_pct":
            value = Decimal(str(value))
        kw[f.name] = value
    return WorkshopPolicy(**kw)


class PolicyRepository:
    """Each dealer's workshop policy (`get` gives the defaults when the dealer saved none)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def get(self, dealer_id: str) -> WorkshopPolicy:
        """The dealer's policy, or `WorkshopPolicy()` when none was saved."""
        row = await self.session.get(t.WorkshopPolicyRow, dealer_id)
        return WorkshopPolicy() if row is None else policy_from_json(row.settings or {})

    async def updated(self, dealer_id: str) -> tuple[str, datetime] | None:
        """Who saved the dealer's policy and when (None: the defaults apply)."""
        row = await self.session.get(t.WorkshopPolicyRow, dealer_id)
        return None if row is None else (row.updated_by, row.updated_at)

    async def save(self, dealer_id: str, policy: WorkshopPolicy, *, by: str,
                   at: datetime | None = None) -> None:
        """Keep the dealer's policy (replaces the previous one)."""
        await upsert(self.session, t.WorkshopPolicyRow.__table__, {
            "dealer_id": dealer_id, "settings": policy_to_json(policy), "updated_by": by,
            "updated_at": at or utcnow()}, ["dealer_id"])
