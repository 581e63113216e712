"""set_columns writes many rows' fields in one statement, on SQLite and PostgreSQL alike."""

import pytest

from chancery.core.bulk import set_columns
from chancery.honours.models import Honoree

pytestmark = pytest.mark.django_db


def test_set_columns_writes_each_row_its_own_values_and_leaves_the_others():
    people = [
        Honoree.objects.create(kind="individual", name=f"Người {n}", folded_name="", identity=f"k{n}")
        for n in range(5)
    ]
    for n, person in enumerate(people[:4]):
        person.position = f"Chức vụ {n}"
        person.birth_year = 1970 + n
        person.name = "ignored"
    assert set_columns(people[:4], ["position", "birth_year"], batch_size=3) == 4
    stored = {p.identity: (p.name, p.position, p.birth_year) for p in Honoree.objects.all()}
    assert stored["k2"] == ("Người 2", "Chức vụ 2", 1972)
    assert stored["k4"] == ("Người 4", "", None)
    assert set_columns([], ["position"]) == 0
