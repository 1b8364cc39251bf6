"""The authorisation matrix: every operation of the five services × every role × scope.

This module is the table; `docs/security/authorization.md` is generated from it
(`python -m tests.integration.authorization_matrix > docs/security/authorization.md`) and
`test_authorization_matrix.py` checks both that the document is the table and that the running
system answers what the table says, for every operation of the five OpenAPIs.

Targets are the records of one lifecycle of the demo customer 张伟 at the demo dealer (A).
Principals, one per column and scope:
  - a staff role of dealer A ("own") and the same role at dealer B ("other dealer");
  - the customer 张伟 who owns the records ("own"), the customer 李娜 of the same dealer
    ("other customer") and a customer whose only file is at dealer B ("other dealer");
  - a partner token and a token with no known role (both naming dealer A), and no token.

Outcomes: `ok` the operation is performed (2xx, or a 409/412/422/428 about the record's
state or the request, i.e. past every authorisation check); `empty` a list answered 200 with
nothing of the target's; `403` refused by role or dealer; `404` the record is not revealed;
`401` no valid token (including tokens without a known role).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STAFF = ("service_advisor", "foreman", "technician", "qc_inspector", "parts_clerk",
         "warranty_clerk", "cashier", "callback_agent", "manager")
COLUMNS = ("customer", *STAFF, "admin", "partner", "no-role", "anonymous")
ALL_STAFF = (*STAFF, "admin")

SCOPES = ("own", "other-dealer", "other-customer")
CUSTOMER_SCOPES = ("own", "other-customer", "other-dealer")  # the customer tuple's order

OK, EMPTY, FORBIDDEN, NOT_FOUND, UNAUTHORISED = "ok", "empty", "403", "404", "401"
SYMBOL = {OK: "✓", EMPTY: "∅", FORBIDDEN: "403", NOT_FOUND: "404", UNAUTHORISED: "401"}


@dataclass(frozen=True)
class Op:
    """One operation and who may do it.

    `roles`: the roles `require(...)` admits (admin passes every gate admitting a staff role).
    `other`: what an admitted staff member of the other dealer gets.
    `customer`: (own, other customer, customer of the other dealer) when customers are admitted.
    `special`: per-column overrides, (own, other dealer) for staff.
    `stream`: a `text/event-stream` endpoint (an open stream counts as `ok`).
    """

    method: str
    path: str
    roles: tuple[str, ...] = ()
    other: str = NOT_FOUND
    customer: tuple[str, str, str] | None = None
    special: dict[str, tuple[str, str]] = field(default_factory=dict)
    public: bool = False
    stream: bool = False
    params: dict[str, str] = field(default_factory=dict)
    body: object = None
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def expected(self, column: str, scope: str) -> str:
        """The outcome for the principal of `column` acting in `scope`."""
        if self.public:
            return OK
        if column in ("no-role", "anonymous"):
            return UNAUTHORISED
        if column == "customer":
            if self.customer is None:
                return FORBIDDEN
            return self.customer[CUSTOMER_SCOPES.index(scope)]
        if column == "partner":
            return FORBIDDEN
        if column in self.special:
            own, other = self.special[column]
            return own if scope == "own" else other
        staff_roles = [r for r in self.roles if r != "customer"]
        if column not in self.roles and not (column == "admin" and staff_roles):
            return FORBIDDEN  # admin passes every gate that admits some staff role
        return OK if scope == "own" else self.other

    def cell(self, column: str) -> str:
        """The document's cell: own / other dealer (staff), own / other customer / other
        dealer (customers)."""
        if column == "customer":
            values = [self.expected(column, s) for s in CUSTOMER_SCOPES]
        elif column in ("partner", "no-role", "anonymous"):
            values = [self.expected(column, "own")]
        else:
            values = [self.expected(column, s) for s in ("own", "other-dealer")]
        symbols = [SYMBOL[v] for v in values]
        return symbols[0] if len(set(symbols)) == 1 else " / ".join(symbols)


CUSTOMER_OWN = (OK, NOT_FOUND, NOT_FOUND)
CUSTOMER_LIST = (OK, EMPTY, EMPTY)
READERS = ALL_STAFF  # every staff role reads booking's and workshop's records of its dealer
DESK = ("service_advisor", "manager", "callback_agent")
A = "{dealer}"


def _svc_common(svc: str) -> list[Op]:
    base = f"/api/{svc}"
    return [
        Op("GET", f"{base}/healthz", public=True),
        Op("GET", f"{base}/readyz", public=True),
        Op("GET", f"{base}/events/schemas", public=True),
        Op("GET", f"{base}/admin/dead-letters", ("admin",), other=OK,
           note="operations data, not a dealer's"),
        Op("POST", f"{base}/admin/dead-letters/{{dead_letter_id}}/replay", ("admin",),
           special={"admin": (NOT_FOUND, NOT_FOUND)}, note="no such dead letter: 404"),
        Op("GET", f"{base}/admin/outbox", ("admin",), other=OK),
        Op("GET", f"{base}/admin/consumers", ("admin",), other=OK),
    ]


SLOT = "{slot}"
OPS: list[Op] = [
    *_svc_common("booking"),
    Op("POST", "/api/booking/customers", DESK, other=FORBIDDEN,
       body={"dealer_id": A, "name": "矩阵客户", "phone": "+8613700000001"}),
    Op("GET", "/api/booking/customers", READERS, other=EMPTY, customer=CUSTOMER_LIST,
       params={"dealer_id": A, "customer_id": "{customer}"}),
    Op("GET", "/api/booking/customers/{customer}", READERS, customer=CUSTOMER_OWN,
       note="phone and e-mail masked except for advisor, callback agent, cashier, manager, "
            "admin and the customer"),
    Op("PATCH", "/api/booking/customers/{customer}", DESK, customer=CUSTOMER_OWN,
       body={"name": "张伟 Zhang Wei"}),
    Op("POST", "/api/booking/vehicles", DESK, other=FORBIDDEN,
       body={"dealer_id": A, "customer_id": "{customer}", "vin": "LMATRX00000000001",
             "plate": "沪M00001", "model": "VW Lavida"}),
    Op("GET", "/api/booking/vehicles", READERS, other=EMPTY, customer=CUSTOMER_LIST,
       params={"dealer_id": A, "customer_id": "{customer}"}),
    Op("GET", "/api/booking/vehicles/{vehicle}", READERS, customer=CUSTOMER_OWN),
    Op("GET", "/api/booking/slots", READERS, other=FORBIDDEN, customer=(OK, OK, FORBIDDEN),
       params={"dealer_id": A, "date": "{day}", "service_type": "maintenance"},
       note="the dealer's staff and the dealer's customers only"),
    Op("POST", "/api/booking/appointments", DESK, customer=CUSTOMER_OWN,
       body={"customer_id": "{customer}", "vehicle_id": "{vehicle}", "start": SLOT,
             "service_type": "maintenance"}),
    Op("GET", "/api/booking/appointments", READERS, other=EMPTY, customer=CUSTOMER_LIST,
       params={"dealer_id": A, "customer_id": "{customer}"}),
    Op("GET", "/api/booking/appointments/{appointment}", READERS, customer=CUSTOMER_OWN),
    Op("POST", "/api/booking/appointments/{appointment}/check-in",
       ("service_advisor", "manager")),
    Op("POST", "/api/booking/appointments/{appointment}/cancel", DESK, customer=CUSTOMER_OWN,
       body={}),
    Op("POST", "/api/booking/appointments/{appointment}/reschedule", DESK,
       customer=CUSTOMER_OWN, body={"start": SLOT}),
    Op("POST", "/api/booking/appointments/{appointment}/no-show", ("service_advisor", "manager"),
       body={}),

    *_svc_common("workshop"),
    Op("GET", "/api/workshop/orders", READERS, other=EMPTY, customer=CUSTOMER_LIST,
       params={"dealer_id": A, "customer_id": "{customer}"}),
    Op("POST", "/api/workshop/orders", ("service_advisor", "manager"), other=FORBIDDEN,
       body={"dealer_id": A, "customer_id": "{customer}", "vehicle_id": "{vehicle}",
             "concern": "矩阵"}),
    Op("GET", "/api/workshop/orders/{order}", READERS, customer=CUSTOMER_OWN),
    Op("POST", "/api/workshop/orders/{order}/inspection", ("service_advisor",),
       body={"odometer_km": 1, "fuel_level": 50}),
    Op("POST", "/api/workshop/orders/{order}/jobs", ("service_advisor", "foreman"),
       body={"op_code": "MX", "description": "矩阵", "labor_hours": "1.0",
             "pay_type": "customer", "parts": []}),
    Op("POST", "/api/workshop/orders/{order}/authorize", ("service_advisor",),
       customer=CUSTOMER_OWN, body={"signed_by": "张伟"}),
    Op("POST", "/api/workshop/orders/{order}/additional-work/approve", ("service_advisor",),
       customer=CUSTOMER_OWN, body={"job_ids": ["{job}"], "signed_by": "张伟"}),
    Op("POST", "/api/workshop/orders/{order}/additional-work/decline", ("service_advisor",),
       customer=CUSTOMER_OWN, body={"job_ids": ["{job}"], "signed_by": "张伟"}),
    Op("POST", "/api/workshop/jobs/{job}/assign", ("foreman",), body={"technician": "tech"}),
    Op("POST", "/api/workshop/jobs/{job}/start", ("technician", "foreman")),
    Op("POST", "/api/workshop/jobs/{job}/finish", ("technician", "foreman"), body={}),
    Op("POST", "/api/workshop/orders/{order}/qc",
       ("technician", "foreman", "qc_inspector", "service_advisor"),
       special={r: (FORBIDDEN, NOT_FOUND) for r in ("qc_inspector", "service_advisor", "admin")},
       body={"passed": True, "level": "self"},
       note="the level decides who signs: self technician/foreman, foreman foreman, final "
            "qc_inspector, pre_delivery service_advisor (row: level self)"),
    Op("POST", "/api/workshop/orders/{order}/deliver", ("service_advisor",), body={}),
    Op("POST", "/api/workshop/orders/{order}/cancel", ("service_advisor", "manager"),
       body={"reason": "矩阵"}),
    Op("GET", "/api/workshop/board", READERS, other=EMPTY, params={"dealer_id": A},
       note="another dealer's board is empty"),
    Op("GET", "/api/workshop/board/stream", READERS, other=EMPTY, stream=True,
       params={"dealer_id": A}, note="the stream of `/board`"),
    # the catalogue, menus, policy and the priced estimate (issue 9, H1)
    Op("GET", "/api/workshop/policy", READERS, other=FORBIDDEN, params={"dealer_id": A}),
    Op("PUT", "/api/workshop/policy", ("manager",), other=FORBIDDEN, params={"dealer_id": A},
       body={"greet_target_minutes": 5, "estimate_margin_pct": "0", "handover_minutes": 10,
             "free_check_minutes": 10, "qc_minutes": 15, "washing_minutes": 20,
             "workday_start": "08:30", "workday_end": "18:00", "reserve_capacity_pct": 10,
             "guarantees": {"minor": {"km": 2000, "days": 10}, "level2": {"km": 5000, "days": 30},
                            "major": {"km": 20000, "days": 100}},
             "sanbao": {"validity": {"km": 50000, "days": 730}, "single_repair_days": 5,
                        "cumulative_repair_days": 30, "same_problem_repairs": 4,
                        "safety_repairs": 2},
             "next_service_km": 5000, "next_service_months": 6}),
    Op("GET", "/api/workshop/operations", READERS, other=FORBIDDEN, params={"dealer_id": A}),
    Op("POST", "/api/workshop/operations", ("manager", "foreman"), other=FORBIDDEN,
       body={"dealer_id": A, "op_code": "MX-OP", "name": "矩阵", "standard_hours": "1",
             "skill": "mechanical"}, note="a second create of the code is 409"),
    Op("PUT", "/api/workshop/operations/{op_code}", ("manager", "foreman"), other=FORBIDDEN,
       params={"dealer_id": A},
       body={"name": "常规检查", "name_en": "Multi-point check", "standard_hours": "0.3",
             "skill": "maintenance"}),
    Op("GET", "/api/workshop/menus", READERS, other=FORBIDDEN, params={"dealer_id": A}),
    Op("POST", "/api/workshop/menus", ("manager", "foreman"), other=FORBIDDEN,
       body={"dealer_id": A, "code": "MX-MENU", "name": "矩阵", "operations": ["MNT-CHK"]}),
    Op("PUT", "/api/workshop/menus/{menu_code}", ("manager", "foreman"), other=FORBIDDEN,
       params={"dealer_id": A},
       body={"name": "5,000 km 保养", "name_en": "5,000 km service", "mileage_km": 5000,
             "operations": ["MNT-OIL", "MNT-CHK"],
             "parts": [{"part_no": "OIL-5W30-4L", "qty": "1"},
                       {"part_no": "FLT-OIL-001", "qty": "1"}]}),
    Op("POST", "/api/workshop/orders/{order}/menus", ("service_advisor", "foreman"),
       body={"menu_code": "M5K"}),
    # reception, deferred work, 三包 (issue 9, H4); `{shortage}` stands for an unknown id
    Op("POST", "/api/workshop/orders/{order}/greet", ("service_advisor",)),
    Op("POST", "/api/workshop/orders/{order}/reception", ("service_advisor",),
       body={"payment_method": "cash", "old_parts": "keep"}),
    Op("PATCH", "/api/workshop/jobs/{job}/3c", ("service_advisor", "foreman", "technician"),
       body={"cause": "矩阵"}),
    Op("POST", "/api/workshop/jobs/{job}/defer", ("service_advisor",), customer=CUSTOMER_OWN,
       body={"reason": "矩阵"}),
    Op("GET", "/api/workshop/vehicles/{vehicle}/deferred-work", READERS, customer=CUSTOMER_OWN),
    Op("POST", "/api/workshop/orders/{order}/deferred-work/{shortage}",
       ("service_advisor", "foreman"),
       special={r: (NOT_FOUND, NOT_FOUND) for r in ("service_advisor", "foreman", "admin")},
       note="no such deferred work: 404"),
    Op("GET", "/api/workshop/sanbao-alerts", ("manager",), other=EMPTY, params={"dealer_id": A}),
    Op("POST", "/api/workshop/sanbao-alerts/{shortage}/acknowledge", ("manager",),
       special={r: (NOT_FOUND, NOT_FOUND) for r in ("manager", "admin")}, body={},
       note="no such alert: 404"),
    Op("POST", "/api/workshop/sanbao/check", ("service_advisor", "manager"), other=FORBIDDEN,
       params={"dealer_id": A}),
    Op("GET", "/api/workshop/orders/{order}/estimate", READERS, customer=CUSTOMER_OWN),
    # the digital vehicle inspection (健康车检, issue 9, H3): `{dvi_order}` is an order of 张伟 with a
    # health check `{inspection}` (a graded point, its finding `{finding}` and photo `{photo}`);
    # `{point}` a point of the checklist
    Op("GET", "/api/workshop/checklists", READERS, other=FORBIDDEN, params={"dealer_id": A}),
    Op("POST", "/api/workshop/orders/{order}/health-check",
       ("technician", "foreman", "service_advisor"), body={},
       note="the lifecycle's order is delivered: 409"),
    Op("GET", "/api/workshop/orders/{dvi_order}/health-check", READERS, customer=CUSTOMER_OWN),
    Op("POST", "/api/workshop/inspections/{inspection}/points/{point}/grade",
       ("technician", "foreman"), body={"grade": "ok"}),
    Op("POST", "/api/workshop/inspections/{inspection}/findings", ("technician", "foreman"),
       body={"title": "矩阵", "severity": "advise"}),
    Op("POST", "/api/workshop/inspections/{inspection}/photos", ("technician", "foreman"),
       body={}, note="multipart; the row's JSON body is refused with 415 past the checks"),
    Op("POST", "/api/workshop/inspections/{inspection}/complete", ("technician", "foreman")),
    Op("POST", "/api/workshop/inspections/{inspection}/findings/{finding}/propose",
       ("service_advisor",), body={"op_code": "MX-DVI", "description": "矩阵",
                                   "labor_hours": "0.5", "pay_type": "customer", "parts": []},
       note="a second pricing of the finding is 409"),
    Op("GET", "/api/workshop/photos/{photo}", READERS, customer=CUSTOMER_OWN),
    Op("GET", "/api/workshop/orders/{order}/events", READERS, customer=CUSTOMER_OWN,
       stream=True),
    # technicians, dispatch, clocking and the manager's view (issue 9, H2)
    Op("GET", "/api/workshop/technicians", READERS, other=EMPTY, params={"dealer_id": A},
       note="another dealer's roster is empty"),
    Op("POST", "/api/workshop/technicians", ("foreman", "manager"), other=FORBIDDEN,
       body={"dealer_id": A, "user_id": "tech", "name": "王强", "skills": ["mechanical"]},
       note="own: 409, `tech` is on the roster"),
    Op("PUT", "/api/workshop/technicians/{technician}", ("foreman", "manager"),
       body={"name": "王强", "skills": ["electrical", "maintenance", "mechanical"],
             "team": "机电一组", "shift_start": "08:30", "shift_end": "17:30", "active": True}),
    Op("GET", "/api/workshop/technicians/{technician}/hours", ("foreman", "manager")),
    Op("GET", "/api/workshop/dispatch", ("foreman", "manager"), other=FORBIDDEN,
       params={"dealer_id": A}),
    Op("GET", "/api/workshop/jobs/{job}/suggestions", ("foreman", "manager")),
    Op("POST", "/api/workshop/jobs/{job}/pause", ("technician", "foreman"),
       body={"reason": "break"}),
    Op("POST", "/api/workshop/jobs/{job}/resume", ("technician", "foreman")),
    Op("POST", "/api/workshop/orders/{order}/customer-waiting",
       ("service_advisor", "foreman", "manager"), body={"customer_waiting": False}),
    Op("GET", "/api/workshop/orders/{order}/hours", READERS),
    Op("GET", "/api/workshop/kpis", ("foreman", "manager"), other=FORBIDDEN,
       params={"dealer_id": A}),
    # the checks' sheets, washing, the gate pass and the repair archive (issue 9, H5)
    Op("GET", "/api/workshop/qc-checklists", READERS, other=FORBIDDEN, params={"dealer_id": A}),
    Op("GET", "/api/workshop/qc/comebacks", ("foreman", "qc_inspector", "manager"),
       other=FORBIDDEN, params={"dealer_id": A}),
    Op("POST", "/api/workshop/orders/{order}/wash", ("technician", "foreman", "service_advisor"),
       body={"washed": True}, note="the order is delivered: 409"),
    Op("GET", "/api/workshop/orders/{order}/gate-pass", READERS, customer=CUSTOMER_OWN),
    Op("POST", "/api/workshop/gate-passes/{gate_pass}/check",
       ("service_advisor", "cashier", "manager"),
       note="no gate role: the desk, the cashier or the manager; valid once, then 409"),
    Op("GET", "/api/workshop/orders/{order}/archive", READERS, customer=CUSTOMER_OWN),
    Op("GET", "/api/workshop/vehicles/{vehicle}/archive", READERS, customer=CUSTOMER_OWN),

    *_svc_common("parts"),
    Op("POST", "/api/parts/parts", ("parts_clerk", "manager"), other=FORBIDDEN,
       body={"part_no": "MX-NEW-1", "name": "矩阵", "unit_price": "1.00", "unit_cost": "0.50",
             "dealer_id": A}),
    *[Op("GET", path, ("parts_clerk", "manager", "service_advisor", "foreman", "technician",
                       "warranty_clerk", "cashier"), other=EMPTY, params=params)
      for path, params in (
          ("/api/parts/parts", {"dealer_id": A}),
          ("/api/parts/stock-movements", {"dealer_id": A}),
          ("/api/parts/reservations", {"dealer_id": A, "order_id": "{order}"}),
          ("/api/parts/shortages", {"dealer_id": A, "status": "open"}))],
    Op("GET", "/api/parts/parts/{part_no}", ("parts_clerk", "manager", "service_advisor",
                                             "foreman", "technician", "warranty_clerk",
                                             "cashier"), params={"dealer_id": A}),
    Op("PATCH", "/api/parts/parts/{part_no}", ("parts_clerk", "manager"),
       params={"dealer_id": A}, body={"name": "机油滤清器 oil filter"}),
    Op("POST", "/api/parts/receipts", ("parts_clerk", "manager"),
       body={"part_no": "{part_no}", "qty": "1", "dealer_id": A}),
    Op("POST", "/api/parts/adjustments", ("parts_clerk", "manager"),
       body={"part_no": "{part_no}", "qty_delta": "1", "dealer_id": A, "reason": "矩阵"}),
    Op("POST", "/api/parts/returns", ("parts_clerk", "manager"),
       body={"order_id": "{order}", "job_id": "{job}", "part_no": "{part_no}", "qty": "1",
             "dealer_id": A}),
    Op("PATCH", "/api/parts/shortages/{shortage}", ("parts_clerk", "manager"),
       special={r: (NOT_FOUND, NOT_FOUND) for r in ("parts_clerk", "manager", "admin")},
       body={"expected_date": "2030-01-01"}, note="no shortage in the lifecycle: 404"),

    *_svc_common("billing"),
    Op("GET", "/api/billing/invoices", ("cashier", "manager", "service_advisor"), other=EMPTY,
       customer=CUSTOMER_LIST, params={"dealer_id": A, "customer_id": "{customer}"}),
    Op("GET", "/api/billing/invoices/{invoice}", ("cashier", "manager", "service_advisor"),
       customer=CUSTOMER_OWN),
    Op("POST", "/api/billing/invoices/{invoice}/payments", ("cashier", "manager"),
       body={"amount": "0.01", "method": "cash"}),
    Op("GET", "/api/billing/invoices/{invoice}/payments", ("cashier", "manager",
                                                           "service_advisor"),
       customer=CUSTOMER_OWN),
    Op("POST", "/api/billing/invoices/{invoice}/online-payments", ("customer",),
       customer=CUSTOMER_OWN, note="the customer pays their own invoice"),
    Op("POST", "/api/billing/invoices/{invoice}/online-payments/{provider_payment}/confirm",
       ("customer",), customer=(NOT_FOUND, NOT_FOUND, NOT_FOUND),
       note="no such payment in the lifecycle: 404"),
    Op("POST", "/api/billing/invoices/{invoice}/refunds", ("manager",),
       body={"amount": "0.01", "reason": "矩阵"}),
    Op("GET", "/api/billing/invoices/{invoice}/refunds", ("cashier", "manager",
                                                          "service_advisor"),
       customer=CUSTOMER_OWN),
    Op("GET", "/api/billing/credit-notes", ("cashier", "manager", "service_advisor"),
       other=EMPTY, customer=CUSTOMER_LIST, params={"dealer_id": A}),
    Op("GET", "/api/billing/dealers/{dealer}/rates", ("manager", "cashier", "service_advisor"),
       other=FORBIDDEN),
    Op("PUT", "/api/billing/dealers/{dealer}/rates", ("manager",), other=FORBIDDEN,
       body={"labour_rate": "300.00"}),

    *_svc_common("crm"),
    Op("GET", "/api/crm/callbacks", ("callback_agent", "manager", "service_advisor"),
       other=EMPTY, params={"dealer_id": A}),
    Op("GET", "/api/crm/callbacks/{callback}", ("callback_agent", "manager", "service_advisor")),
    Op("POST", "/api/crm/callbacks/{callback}/attempts", ("callback_agent", "manager"),
       body={"outcome": "no_answer"}),
    Op("POST", "/api/crm/callbacks/{callback}/survey", ("callback_agent", "manager"),
       body={"scores": {"facilities": 8, "personnel": 8, "execution": 8, "cost": 8,
                        "follow_up": 8}}),
    Op("GET", "/api/crm/visits", ("customer",), customer=CUSTOMER_LIST,
       note="a customer's own visits only"),
    Op("POST", "/api/crm/visits/{order}/rating", ("customer",), customer=CUSTOMER_OWN,
       body={"scores": {"facilities": 8, "personnel": 8, "execution": 8, "cost": 8,
                        "follow_up": 8}}),
    Op("POST", "/api/crm/complaints", ("callback_agent", "manager"),
       body={"task_id": "{callback}", "description": "矩阵", "department": "车间",
             "responsible": "王"}),
    Op("GET", "/api/crm/complaints", ("callback_agent", "manager", "service_advisor"),
       other=EMPTY, params={"dealer_id": A}),
    Op("GET", "/api/crm/complaints/{complaint}", ("callback_agent", "manager",
                                                  "service_advisor")),
    Op("PATCH", "/api/crm/complaints/{complaint}", ("callback_agent", "manager"),
       body={"responsible": "王"}),
    Op("POST", "/api/crm/complaints/{complaint}/follow-ups", ("callback_agent", "manager"),
       body={"note": "矩阵", "customer_satisfied": False}),
    Op("POST", "/api/crm/complaints/{complaint}/resolve", ("callback_agent", "manager"),
       body={"resolution": "矩阵"}),
    Op("GET", "/api/crm/reports/csi", ("callback_agent", "manager", "service_advisor"),
       other=EMPTY, params={"dealer_id": A}),
    Op("GET", "/api/crm/retention-tasks", ("callback_agent", "manager", "service_advisor"),
       other=EMPTY, params={"dealer_id": A}),
    Op("POST", "/api/crm/retention-tasks/{shortage}/complete", ("callback_agent", "manager"),
       special={r: (NOT_FOUND, NOT_FOUND) for r in ("callback_agent", "manager", "admin")},
       body={"outcome": "booked"}, note="no such reminder: 404"),
]


def openapi_key(method: str, path: str) -> str:
    """`GET /api/booking/customers/{customer_id}` → the table's key (parameter names agnostic)."""
    import re

    return f"{method.upper()} {re.sub(r'{[^}]+}', '{}', path)}"


def table_markdown() -> str:
    """The matrix as the markdown tables of docs/security/authorization.md."""
    head = ["operation", *COLUMNS]
    out: list[str] = []
    service = None
    for op in OPS:
        svc = op.path.split("/")[2]
        if svc != service:
            service = svc
            out += ["", f"### {svc}", "", "| " + " | ".join(head) + " |",
                    "|" + "---|" * len(head)]
        label = f"`{op.method} {op.path.replace(f'/api/{svc}', '')}`"
        if op.note:
            label += f" — {op.note}"
        out.append("| " + " | ".join([label, *(op.cell(c) for c in COLUMNS)]) + " |")
    return "\n".join(out).lstrip("\n") + "\n"


BEGIN, END = "<!-- matrix:begin (generated) -->", "<!-- matrix:end -->"


def document(template: str) -> str:
    """`template` with the generated tables between the markers."""
    start, end = template.index(BEGIN) + len(BEGIN), template.index(END)
    return template[:start] + "\n" + table_markdown() + template[end:]


if __name__ == "__main__":  # regenerate the document's tables in place
    import pathlib

    doc = pathlib.Path(__file__).resolve().parents[2] / "docs/security/authorization.md"
    doc.write_text(document(doc.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {doc}")
