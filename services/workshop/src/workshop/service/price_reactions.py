"""Billing's rates and parts' prices and stock, projected for the estimate (ADR 0009)."""

from __future__ import annotations

from aftersales_common.clock import utcnow
from aftersales_common.messaging.envelope import CloudEvent
from aftersales_common.messaging.unit_of_work import UnitOfWork
from workshop import readers
from workshop.adapters.price_list import PriceList
from workshop.domain.values import normalise_part_no


async def on_dealer_rates(uow: UnitOfWork, data: readers.DealerRatesChanged,
                          event: CloudEvent) -> None:
    """The dealer's labour and VAT rates changed."""
    await PriceList(uow.session).put_rates(data.dealer_id, labour_rate=data.labour_rate,
                                           vat_rate=data.vat_rate, currency=data.currency,
                                           at=utcnow())


async def on_part_price(uow: UnitOfWork, data: readers.PartPriceChanged,
                        event: CloudEvent) -> None:
    """A part's name or sale price changed."""
    await PriceList(uow.session).put_price(data.dealer_id, normalise_part_no(data.part_no),
                                           name=data.name, unit_price=data.unit_price,
                                           at=utcnow())


async def on_stock_level(uow: UnitOfWork, data: readers.StockLevelChanged,
                         event: CloudEvent) -> None:
    """A part's available stock or expected arrival changed."""
    await PriceList(uow.session).put_stock(data.dealer_id, normalise_part_no(data.part_no),
                                           available=data.available, on_order=data.on_order,
                                           expected_date=data.expected_date, at=utcnow())
