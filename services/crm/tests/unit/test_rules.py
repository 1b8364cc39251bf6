"""The follow-up rules on plain values: CSI weighting, due dates, exclusions, attempts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from aftersales_common.errors import Conflict, InvalidInput
from crm.config import CrmSettings
from crm.domain import complaints
from crm.domain.csi import DEFAULT_WEIGHTS, csi_score, parse_weights
from crm.domain.follow_up import (
    Exclusion,
    TaskStatus,
    apply_attempt,
    check_survey_allowed,
    exclusion_reason,
    opens_complaint,
    schedule,
)
from crm.domain.reports import average, period

ALL_TEN = {"facilities": 10, "personnel": 10, "execution": 10, "cost": 10, "follow_up": 10}
KNOWN = {"facilities": 8, "personnel": 9, "execution": 10, "cost": 7, "follow_up": 9}


def test_csi_with_the_default_weights():
    assert csi_score(ALL_TEN, DEFAULT_WEIGHTS) == Decimal("100.0")
    # 0.20×8 + 0.33×9 + 0.22×10 + 0.10×7 + 0.15×9 = 8.82 -> 88.2
    assert csi_score(KNOWN, DEFAULT_WEIGHTS) == Decimal("88.2")
    assert csi_score(dict.fromkeys(ALL_TEN, 0), DEFAULT_WEIGHTS) == Decimal("0.0")


def test_csi_with_custom_weights_rounds_half_up():
    equal = parse_weights('{"facilities": 0.2, "personnel": 0.2, "execution": 0.2, '
                          '"cost": 0.2, "follow_up": 0.2}')
    assert csi_score(KNOWN, equal) == Decimal("86.0")
    skewed = parse_weights({"facilities": "0.25", "personnel": "0.25", "execution": "0.25",
                            "cost": "0.125", "follow_up": "0.125"})
    scores = {"facilities": 7, "personnel": 7, "execution": 7, "cost": 7, "follow_up": 8}
    assert csi_score(scores, skewed) == Decimal("71.3")  # 71.25: half up, not to even


@pytest.mark.parametrize("raw", [
    '{"facilities": 0.2, "personnel": 0.3, "execution": 0.22, "cost": 0.1, "follow_up": 0.15}',
    '{"facilities": 0.2, "personnel": 0.33, "execution": 0.22, "cost": 0.25}',
    '{"facilities": 1.2, "personnel": -0.2, "execution": 0, "cost": 0, "follow_up": 0}',
    '[0.2, 0.33]', "not json",
])
def test_weights_that_are_not_five_areas_summing_to_one_are_rejected(raw):
    with pytest.raises(InvalidInput):
        parse_weights(raw)


def test_settings_refuse_bad_weights_at_start_up(tmp_path):
    bad = {**DEFAULT_WEIGHTS, "cost": Decimal("0.2")}
    with pytest.raises(ValidationError, match="sum to 1"):
        CrmSettings(data_dir=tmp_path, csi_weights=bad)
    assert CrmSettings(data_dir=tmp_path).csi_weights == DEFAULT_WEIGHTS


def test_settings_read_weights_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CSI_WEIGHTS", '{"facilities": 0.2, "personnel": 0.2, "execution": 0.2, '
                                      '"cost": 0.2, "follow_up": 0.2}')
    monkeypatch.setenv("FOLLOW_UP_DAYS", "2")
    s = CrmSettings(data_dir=tmp_path)
    assert s.csi_weights["personnel"] == Decimal("0.2") and s.follow_up_days == 2


@pytest.mark.parametrize("scores", [
    {k: v for k, v in KNOWN.items() if k != "cost"}, {**KNOWN, "cost": 11},
    {**KNOWN, "cost": -1}, {**KNOWN, "cost": True}, {**KNOWN, "parking": 5},
])
def test_every_area_needs_an_integer_score_from_0_to_10(scores):
    with pytest.raises(InvalidInput):
        csi_score(scores, DEFAULT_WEIGHTS)


def test_the_call_is_due_within_3_days_and_callable_from_the_next_day():
    delivered_at = datetime.fromisoformat("2026-03-02T15:00:00+08:00")
    when = schedule(delivered_at, follow_up_days=3, timezone="Asia/Shanghai")
    assert when.due_at - delivered_at == timedelta(days=3)
    assert when.callable_from == datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    # late evening in Shanghai is already the next day in UTC terms of "tomorrow"
    late = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 local
    assert schedule(late, follow_up_days=1, timezone="Asia/Shanghai").callable_from == \
        datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    with pytest.raises(InvalidInput):
        schedule(datetime(2026, 3, 2, 15), follow_up_days=3, timezone="Asia/Shanghai")


def test_company_and_staff_cars_and_opted_out_customers_are_not_called():
    assert exclusion_reason("company", False) is Exclusion.COMPANY_CAR
    assert exclusion_reason("staff", False) is Exclusion.STAFF_CAR
    assert exclusion_reason("private", True) is Exclusion.CALLBACK_OPT_OUT
    assert exclusion_reason("private", False) is None
    assert exclusion_reason(None, False) is None  # vehicle not seen yet: callable by default


def _attempts(outcomes, status="open", unanswered=0, sms=False):
    effects = []
    for outcome in outcomes:
        effect = apply_attempt(status=status, outcome=outcome, unanswered=unanswered,
                               sms_requested=sms)
        status, unanswered = effect.status, effect.unanswered
        sms = sms or effect.request_sms
        effects.append(effect)
    return effects


def test_three_unanswered_attempts_make_the_task_unreachable_and_ask_for_one_sms():
    effects = _attempts(["no_answer", "busy", "call_back_later", "wrong_number", "no_answer"])
    assert [e.status for e in effects] == ["open", "open", "open", "unreachable", "unreachable"]
    assert [e.request_sms for e in effects] == [False, False, False, True, False]
    assert effects[-1].unanswered == 4


def test_a_reached_customer_completes_the_task_even_after_the_sms():
    effects = _attempts(["no_answer", "no_answer", "no_answer", "satisfied"])
    assert effects[-1].status == TaskStatus.COMPLETED and effects[-1].completes


def test_no_attempt_on_a_completed_or_excluded_task():
    with pytest.raises(Conflict):
        apply_attempt(status="completed", outcome="no_answer", unanswered=0, sms_requested=False)
    with pytest.raises(Conflict):
        apply_attempt(status="excluded", outcome="satisfied", unanswered=0, sms_requested=False)
    with pytest.raises(InvalidInput):
        apply_attempt(status="open", outcome="hung_up", unanswered=0, sms_requested=False)


def test_which_outcomes_open_a_complaint():
    assert opens_complaint("complaint", False)
    assert opens_complaint("dissatisfied", True)
    assert not opens_complaint("dissatisfied", False)
    with pytest.raises(InvalidInput):
        opens_complaint("satisfied", True)


def test_one_survey_per_task_and_none_for_excluded_customers():
    check_survey_allowed("completed", has_survey=False)
    with pytest.raises(Conflict):
        check_survey_allowed("completed", has_survey=True)
    with pytest.raises(Conflict):
        check_survey_allowed("excluded", has_survey=False)


def test_complaints_are_followed_up_weekly_and_resolved_only_when_the_customer_is_satisfied():
    now = datetime(2026, 3, 2, 6, tzinfo=UTC)
    assert complaints.next_follow_up_due(now, False) == now + timedelta(days=7)
    assert complaints.next_follow_up_due(now, True) is None
    assert complaints.assign_by(now, "Asia/Shanghai") == \
        datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    with pytest.raises(Conflict):
        complaints.check_resolvable("open", False)
    with pytest.raises(Conflict):
        complaints.check_resolvable("unassigned", True)
    complaints.check_resolvable("open", True)


def test_report_averages_and_period():
    assert average([Decimal("88.2"), Decimal("100.0"), Decimal("75.1")]) == Decimal("87.8")
    assert average([]) is None
    first, last, start, end = period(None, date(2026, 3, 31), date(2026, 4, 1), "Asia/Shanghai")
    assert first == date(2026, 3, 2) and last == date(2026, 3, 31)
    assert end - start == timedelta(days=30)
    with pytest.raises(InvalidInput):
        period(date(2026, 3, 5), date(2026, 3, 1), date(2026, 4, 1), "Asia/Shanghai")
