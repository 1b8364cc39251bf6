"""Walk-ins against booking's files, and who reads the board, on plain values."""

from __future__ import annotations

import pytest

from aftersales_common.errors import InvalidInput
from workshop.domain.board import board_dealers
from workshop.domain.reception import CustomerFile, VehicleFile, verify_walk_in

ZHANG = CustomerFile("c1", "d1", "张伟")
CAR = VehicleFile("v1", "c1", "d1", "LSVAU2180N2183294", "沪A12345", "VW Lavida")


def _verify(customer=ZHANG, vehicle=CAR, **given):
    return verify_walk_in(dealer_id="d1", customer_id=given.pop("customer_id", "c1"),
                          vehicle_id="v1", customer=customer, vehicle=vehicle,
                          vin=given.get("vin"), plate=given.get("plate"), model=given.get("model"))


def test_a_walk_in_takes_the_vehicle_file_and_accepts_matching_values():
    assert _verify() == CAR
    assert _verify(vin="lsvau2180n2183294", plate=" 沪a12345", model="VW Lavida") == CAR


@pytest.mark.parametrize(("kwargs", "field", "code"), [
    ({"customer": None}, "customer_id", "unknown-customer"),
    ({"customer": CustomerFile("c1", "d2", "x")}, "customer_id", "unknown-customer"),
    ({"vehicle": None}, "vehicle_id", "unknown-vehicle"),
    ({"vehicle": VehicleFile("v1", "c1", "d2", "V", "P", "M")}, "vehicle_id", "unknown-vehicle"),
    ({"vehicle": VehicleFile("v1", "c9", "d1", "V", "P", "M")}, "vehicle_id",
     "vehicle-of-another-customer"),
    ({"plate": "沪B99999"}, "plate", "vehicle-file-mismatch"),
    ({"vin": "LSVAU2180N2183295"}, "vin", "vehicle-file-mismatch"),
    ({"model": "Passat"}, "model", "vehicle-file-mismatch"),
])
def test_a_walk_in_that_does_not_fit_the_files_is_refused_naming_the_field(kwargs, field, code):
    with pytest.raises(InvalidInput) as err:
        _verify(**kwargs)
    assert err.value.field == field and err.value.code == code and err.value.status == 422


def test_the_board_is_read_only_by_staff_of_that_dealer_admin_included():
    assert board_dealers("d1", staff=True, dealer_ids={"d1"}) == ["d1"]
    assert board_dealers("d2", staff=True, dealer_ids={"d1"}) == []  # an admin of d1 too
    assert board_dealers("d1", staff=False, dealer_ids={"d1"}) == []
