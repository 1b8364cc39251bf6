"""What parts reported for one part number of an order: held, issued, short (缺件)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

ZERO = Decimal(0)


@dataclass
class PartSupply:
    """Running state of one part on one order, fed by parts' events.

    `parts.shortage` reports the open shortage of a job absolutely; at reservation time
    it comes just before the `parts.reserved` line holding what was available, so that
    amount (`awaiting_initial`) is not mistaken for goods that arrived to fill the gap.
    """

    held: Decimal = ZERO
    issued: Decimal = ZERO
    short_by_job: dict[str, Decimal] = field(default_factory=dict)
    awaiting_initial: Decimal = ZERO
    expected_date: date | None = None

    @property
    def short(self) -> Decimal:
        """Still missing across the order's jobs."""
        return sum(self.short_by_job.values(), ZERO)

    @property
    def status(self) -> str:
        """short, reserved (held in stock for the order) or issued (handed to the job)."""
        if self.short > 0:
            return "short"
        if self.held > 0:
            return "reserved"
        return "issued" if self.issued > 0 else "reserved"

    def reserved(self, qty: Decimal) -> None:
        """Stock was held for the order; beyond the initial hold it fills open shortages."""
        self.held += qty
        initial = min(qty, self.awaiting_initial)
        self.awaiting_initial -= initial
        fill = qty - initial
        for job_id in sorted(self.short_by_job):
            take = min(fill, self.short_by_job[job_id])
            self.short_by_job[job_id] -= take
            fill -= take
        self._drop_filled()

    def shortage(self, job_id: str, requested: Decimal, short: Decimal, expected: date | None,
                 *, before_work: bool) -> None:
        """A job's part is (still) short by `short` of `requested`."""
        self.short_by_job[job_id] = short
        if before_work:
            self.awaiting_initial += max(requested - short, ZERO)
        self.expected_date = expected
        self._drop_filled()

    def issued_to(self, job_id: str, qty: Decimal) -> None:
        """Parts handed to a job: they leave the hold and end that job's shortage."""
        self.issued += qty
        self.held = max(self.held - qty, ZERO)
        self.short_by_job.pop(job_id, None)

    def _drop_filled(self) -> None:
        self.short_by_job = {j: q for j, q in self.short_by_job.items() if q > 0}
        if not self.short_by_job:
            self.expected_date = None
