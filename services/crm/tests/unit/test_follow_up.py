"""FollowUp, the follow-up call task: scheduling, attempts, the SMS, the survey, exclusions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from aftersales_common.domain import IllegalTransition
from aftersales_common.errors import Conflict, InvalidInput
from crm.domain.callable_list import Exclusion
from crm.domain.csi import DEFAULT_WEIGHTS
from crm.domain.events import CallbackCompleted, CallbackScheduled, CallbackSmsRequested
from crm.domain.follow_up import (
    FOLLOW_UP,
    DayPart,
    Delivery,
    FollowUp,
    SmsContact,
    TaskStatus,
    opens_complaint,
    schedule,
)

TZ = "Asia/Shanghai"
AT = datetime.fromisoformat("2026-03-03T10:00:00+08:00")
ALL_TEN = {"facilities": 10, "personnel": 10, "execution": 10, "cost": 10, "follow_up": 10}
KNOWN = {"facilities": 8, "personnel": 9, "execution": 10, "cost": 7, "follow_up": 9}
ZHANG = SmsContact(phone="+8613800138000", sms_opt_out=False)


def _task(exclusion: Exclusion | None = None) -> FollowUp:
    delivery = Delivery(order_id="o-1", order_no="RO-0001", dealer_id="d-1", vehicle_id="v-1",
                        customer_id="c-1", odometer_km=12345,
                        delivered_at=datetime.fromisoformat("2026-03-02T15:00:00+08:00"))
    task = FollowUp.schedule(delivery, exclusion=exclusion, follow_up_days=3, timezone=TZ, at=AT)
    task.pull_events()
    return task


def _call(task: FollowUp, *outcomes: str, contact: SmsContact | None = ZHANG,
          at: datetime = AT) -> None:
    for outcome in outcomes:
        task.log_attempt(outcome, "agent", at, timezone=TZ, contact=contact)


def test_the_call_is_due_within_3_days_and_callable_from_the_next_day():
    delivered_at = datetime.fromisoformat("2026-03-02T15:00:00+08:00")
    when = schedule(delivered_at, follow_up_days=3, timezone=TZ)
    assert when.due_at - delivered_at == timedelta(days=3)
    assert when.callable_from == datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    # late evening in Shanghai is already the next day in UTC terms of "tomorrow"
    late = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)  # 23:30 local
    assert schedule(late, follow_up_days=1, timezone=TZ).callable_from == \
        datetime.fromisoformat("2026-03-03T00:00:00+08:00")
    with pytest.raises(InvalidInput):
        schedule(datetime(2026, 3, 2, 15), follow_up_days=3, timezone=TZ)


def test_a_delivery_schedules_an_open_task_and_announces_it():
    delivery = Delivery(order_id="o-1", order_no="RO-1", dealer_id="d-1", vehicle_id="v-1",
                        customer_id="c-1", odometer_km=None,
                        delivered_at=datetime.fromisoformat("2026-03-02T15:00:00+08:00"))
    task = FollowUp.schedule(delivery, exclusion=None, follow_up_days=3, timezone=TZ, at=AT)
    assert task.status is TaskStatus.OPEN
    [scheduled] = task.recorded_events
    assert isinstance(scheduled, CallbackScheduled)
    assert scheduled.task_id == task.id and scheduled.status == "open"
    assert scheduled.due_at == task.due_at and scheduled.csi_score is None


def test_an_excluded_delivery_is_kept_but_not_announced_nor_called():
    delivery = Delivery(order_id="o-1", order_no="RO-1", dealer_id="d-1", vehicle_id="v-1",
                        customer_id="c-1", odometer_km=None,
                        delivered_at=datetime.fromisoformat("2026-03-02T15:00:00+08:00"))
    task = FollowUp.schedule(delivery, exclusion=Exclusion.COMPANY_CAR, follow_up_days=3,
                             timezone=TZ, at=AT)
    assert task.status is TaskStatus.EXCLUDED and task.excluded_reason is Exclusion.COMPANY_CAR
    assert task.recorded_events == ()
    with pytest.raises(Conflict) as refused:
        _call(task, "satisfied")
    assert refused.value.code == "callback-excluded"
    with pytest.raises(Conflict):
        task.record_survey(ALL_TEN, None, DEFAULT_WEIGHTS, "agent", AT)


def test_three_unanswered_attempts_make_the_task_unreachable_and_ask_for_one_sms():
    task = _task()
    statuses, sms = [], []
    for outcome in ["no_answer", "busy", "call_back_later", "wrong_number", "no_answer"]:
        _call(task, outcome)
        statuses.append(task.status.value)
        sms.append(any(isinstance(e, CallbackSmsRequested) for e in task.pull_events()))
    assert statuses == ["open", "open", "open", "unreachable", "unreachable"]
    assert sms == [False, False, False, True, False]
    assert task.unanswered_attempts == 4 and task.attempts_count == 5
    assert task.sms_requested_at == AT


def test_the_sms_goes_to_the_file_number_or_the_last_number_called():
    task = _task()
    _call(task, "no_answer", "busy", "no_answer")
    [sms] = [e for e in task.recorded_events if isinstance(e, CallbackSmsRequested)]
    assert sms.phone == "+8613800138000" and sms.template == "callback_unreachable"
    assert sms.task_id == task.id and sms.customer_id == "c-1"
    unknown = _task()
    unknown.log_attempt("no_answer", "agent", AT, timezone=TZ, number_called="13900000001")
    _call(unknown, "no_answer", "no_answer", contact=None)
    [sms] = [e for e in unknown.recorded_events if isinstance(e, CallbackSmsRequested)]
    assert sms.phone == "13900000001"


def test_no_sms_to_a_customer_who_refused_sms_or_without_a_number():
    refused = _task()
    _call(refused, "no_answer", "no_answer", "no_answer",
          contact=SmsContact(phone="+8613800138000", sms_opt_out=True))
    assert refused.status is TaskStatus.UNREACHABLE and refused.sms_requested_at is None
    assert not [e for e in refused.recorded_events if isinstance(e, CallbackSmsRequested)]
    nobody = _task()
    _call(nobody, "no_answer", "no_answer", "no_answer", contact=None)
    assert nobody.sms_requested_at is None


def test_a_reached_customer_completes_the_task_even_after_the_sms():
    task = _task()
    _call(task, "no_answer", "no_answer", "no_answer", "satisfied")
    assert task.status is TaskStatus.COMPLETED and task.outcome == "satisfied"
    completed = [e for e in task.recorded_events if isinstance(e, CallbackCompleted)]
    assert [c.outcome for c in completed] == ["satisfied"]


def test_no_attempt_on_a_completed_task_and_no_unknown_outcome():
    task = _task()
    _call(task, "dissatisfied")
    with pytest.raises(IllegalTransition) as refused:
        _call(task, "no_answer")
    assert refused.value.code == "callback-completed" and refused.value.status == 409
    with pytest.raises(InvalidInput):
        _call(_task(), "hung_up")


def test_each_attempt_records_the_time_of_day_so_agents_can_vary_it():
    task = _task()
    _call(task, "no_answer", at=datetime.fromisoformat("2026-03-03T09:00:00+08:00"))
    _call(task, "busy", at=datetime.fromisoformat("2026-03-03T19:30:00+08:00"))
    assert [a.day_part for a in task.attempts] == [DayPart.MORNING, DayPart.EVENING]
    assert task.untried_day_parts == [DayPart.AFTERNOON]


def test_which_outcomes_open_a_complaint():
    assert opens_complaint("complaint", False)
    assert opens_complaint("dissatisfied", True)
    assert not opens_complaint("dissatisfied", False)
    with pytest.raises(InvalidInput):
        opens_complaint("satisfied", True)


def test_the_survey_weights_the_areas_and_completes_an_open_task():
    task = _task()
    survey = task.record_survey(KNOWN, "服务很好", DEFAULT_WEIGHTS, "agent", AT)
    assert survey.csi_score == Decimal("88.2") and task.csi_score == Decimal("88.2")
    assert task.status is TaskStatus.COMPLETED and task.outcome == "surveyed"
    [completed] = task.recorded_events
    assert isinstance(completed, CallbackCompleted) and completed.csi_score == Decimal("88.2")


def test_a_survey_after_the_call_announces_the_task_again_with_its_score():
    task = _task()
    _call(task, "satisfied")
    task.record_survey(ALL_TEN, None, DEFAULT_WEIGHTS, "agent", AT)
    completed = [e for e in task.recorded_events if isinstance(e, CallbackCompleted)]
    assert [c.csi_score for c in completed] == [None, Decimal("100.0")]
    assert task.outcome == "satisfied"


def test_one_survey_per_task():
    task = _task()
    task.record_survey(ALL_TEN, None, DEFAULT_WEIGHTS, "agent", AT)
    with pytest.raises(Conflict) as refused:
        task.record_survey(ALL_TEN, None, DEFAULT_WEIGHTS, "agent", AT)
    assert refused.value.code == "survey-exists"


def test_only_an_uncalled_open_task_is_taken_off_the_list():
    task = _task()
    assert task.exclude(Exclusion.CALLBACK_OPT_OUT)
    assert task.status is TaskStatus.EXCLUDED and task.excluded_reason is Exclusion.CALLBACK_OPT_OUT
    called = _task()
    _call(called, "no_answer")
    assert not called.exclude(Exclusion.CALLBACK_OPT_OUT) and called.status is TaskStatus.OPEN


def test_the_transition_table():
    assert FOLLOW_UP.actions(TaskStatus.OPEN) == [
        "answer", "exclude", "give_up", "miss", "postpone", "survey"]
    assert FOLLOW_UP.actions(TaskStatus.UNREACHABLE) == ["answer", "miss", "postpone", "survey"]
    assert FOLLOW_UP.actions(TaskStatus.COMPLETED) == ["survey"]
    assert FOLLOW_UP.actions(TaskStatus.EXCLUDED) == []
