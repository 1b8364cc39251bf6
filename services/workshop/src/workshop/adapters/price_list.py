"""Billing's rates and parts' prices and stock as workshop knows them (projections, ADR 0009)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from aftersales_common.db import Session
from workshop.adapters import tables as t
from workshop.domain.estimate import PartAvailability, PartPrice, Rates

UNKNOWN_RATES = Rates(labour_rate=Decimal("0.00"), vat_rate=Decimal("0"), known=False)


class PriceList:
    """Rates per dealer, price and stock per dealer and part number."""

    def __init__(self, session: Session) -> None:
        self.session = session

    async def rates(self, dealer_id: str) -> Rates:
        """The dealer's labour and VAT rates (`known` false until billing announced them)."""
        row = await self.session.get(t.DealerRate, dealer_id)
        if row is None:
            return UNKNOWN_RATES
        return Rates(labour_rate=row.labour_rate, vat_rate=row.vat_rate, currency=row.currency)

    async def prices(self, dealer_id: str, part_nos: Iterable[str]) -> dict[str, PartPrice]:
        """Catalogue prices of these parts (the unknown ones left out)."""
        wanted = sorted(set(part_nos))
        if not wanted:
            return {}
        rows = (await self.session.execute(select(t.PartPrice).where(
            t.PartPrice.dealer_id == dealer_id, t.PartPrice.part_no.in_(wanted)))).scalars()
        return {r.part_no: PartPrice(r.name, r.unit_price) for r in rows}

    async def stock(self, dealer_id: str, part_nos: Iterable[str]) -> dict[str, PartAvailability]:
        """Available stock of these parts and the next arrival (unknown parts: none available)."""
        wanted = sorted(set(part_nos))
        if not wanted:
            return {}
        rows = (await self.session.execute(select(t.PartStock).where(
            t.PartStock.dealer_id == dealer_id, t.PartStock.part_no.in_(wanted)))).scalars()
        return {r.part_no: PartAvailability(r.available, r.expected_date) for r in rows}

    async def put_rates(self, dealer_id: str, *, labour_rate: Decimal, vat_rate: Decimal,
                        currency: str, at: datetime) -> None:
        row = await self.session.get(t.DealerRate, dealer_id) or t.DealerRate(
            dealer_id=dealer_id, labour_rate=labour_rate, vat_rate=vat_rate)
        row.labour_rate, row.vat_rate, row.currency, row.updated_at = (labour_rate, vat_rate,
                                                                      currency, at)
        self.session.add(row)

    async def put_price(self, dealer_id: str, part_no: str, *, name: str, unit_price: Decimal,
                        at: datetime) -> None:
        row = await self.session.get(t.PartPrice, (dealer_id, part_no)) or t.PartPrice(
            dealer_id=dealer_id, part_no=part_no, unit_price=unit_price)
        row.name, row.unit_price, row.updated_at = name, unit_price, at
        self.session.add(row)

    async def put_stock(self, dealer_id: str, part_no: str, *, available: Decimal,
                        on_order: Decimal, expected_date: date | None, at: datetime) -> None:
        row = await self.session.get(t.PartStock, (dealer_id, part_no)) or t.PartStock(
            dealer_id=dealer_id, part_no=part_no, available=available)
        row.available, row.on_order, row.expected_date = available, on_order, expected_date
        row.updated_at = at
        self.session.add(row)
