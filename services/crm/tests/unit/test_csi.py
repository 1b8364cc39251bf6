"""CSI arithmetic and weights, and the report's averages and period."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError

from aftersales_common.errors import InvalidInput
from crm.config import CrmSettings
from crm.domain.csi import DEFAULT_WEIGHTS, csi_score, parse_weights
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


def test_report_averages_and_period():
    assert average([Decimal("88.2"), Decimal("100.0"), Decimal("75.1")]) == Decimal("87.8")
    assert average([]) is None
    first, last, start, end = period(None, date(2026, 3, 31), date(2026, 4, 1), "Asia/Shanghai")
    assert first == date(2026, 3, 2) and last == date(2026, 3, 31)
    assert end - start == timedelta(days=30)
    with pytest.raises(InvalidInput):
        period(date(2026, 3, 5), date(2026, 3, 1), date(2026, 4, 1), "Asia/Shanghai")
