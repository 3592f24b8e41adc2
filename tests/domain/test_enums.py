import enum

import pytest

from kinerja_core.domain import enums
from kinerja_core.domain.enums import BehaviorValue, Predikat

ALL_ENUMS = [
    obj
    for obj in vars(enums).values()
    if isinstance(obj, type) and issubclass(obj, enum.Enum) and obj.__module__ == enums.__name__
]


@pytest.mark.parametrize("enum_class", ALL_ENUMS, ids=lambda c: c.__name__)
def test_every_enum_value_equals_its_name_so_stored_strings_read_back(enum_class):
    assert [member.value for member in enum_class] == [member.name for member in enum_class]


@pytest.mark.parametrize("enum_class", ALL_ENUMS, ids=lambda c: c.__name__)
def test_every_enum_says_what_it_is_for(enum_class):
    assert enum_class.__doc__ and enum_class.__doc__ != enum.StrEnum.__doc__


def test_enum_members_compare_equal_to_the_plain_strings_the_database_returns():
    assert Predikat("BAIK") is Predikat.BAIK
    assert Predikat.BAIK == "BAIK"
    assert {Predikat.BAIK: 1}["BAIK"] == 1


def test_berakhlak_values_keep_the_order_of_the_acronym():
    assert [v.value for v in BehaviorValue] == [
        "BERORIENTASI_PELAYANAN",
        "AKUNTABEL",
        "KOMPETEN",
        "HARMONIS",
        "LOYAL",
        "ADAPTIF",
        "KOLABORATIF",
    ]


def test_predikat_members_are_listed_best_first():
    assert [p.value for p in Predikat] == [
        "SANGAT_BAIK",
        "BAIK",
        "BUTUH_PERBAIKAN",
        "KURANG",
        "SANGAT_KURANG",
    ]
