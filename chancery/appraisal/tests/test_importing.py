"""The plan of a list imported into a batch, as a pure function: people by their key, never by their row."""

from hypothesis import given
from hypothesis import strategies as st

from chancery.appraisal.importing import Incoming, OnFile, differences, plan_list, state_of


def _on_file(*people: tuple[str, int, dict]) -> dict[str, OnFile]:
    return {
        key: OnFile(pk=i + 1, row=row, key=key, label=key, values=values)
        for i, (key, row, values) in enumerate(people)
    }


def test_people_are_matched_by_key_whatever_their_row():
    on_file = _on_file(("an", 2, {"years": 5}), ("binh", 3, {"years": 6}), ("chi", 4, {"years": 7}))
    plan = plan_list(
        [
            Incoming(2, "dung", "dung", {"years": 1}),
            Incoming(3, "an", "an", {"years": 5}),
            Incoming(4, "binh", "binh", {"years": 9}),
        ],
        on_file,
        twin="cùng một người",
    )
    assert [i.key for i in plan.added] == ["dung"]
    assert [(i.key, found) for i, _c, found in plan.changed] == [("binh", {"years": (6, 9)})]
    assert [i.key for i, _c in plan.unchanged] == ["an"]
    assert [r.key for r in plan.removed] == ["chi"]


def test_a_key_twice_in_the_list_is_refused_at_the_later_row():
    plan = plan_list(
        [Incoming(5, "an", "an", {}), Incoming(2, "an", "an", {"x": 1})], {}, twin="cùng một người"
    )
    assert [i.row for i in plan.added] == [2]
    assert plan.refused == [(5, "Dòng 5: trùng với dòng 2 (cùng một người).")]


def test_differences_name_each_field_with_its_old_and_new_value():
    assert differences({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1], "c": True}) == {
        "b": ([1, 2], [1]),
        "c": (None, True),
    }


@given(st.permutations(range(6)))
def test_the_order_of_the_rows_changes_nothing(order):
    people = [(f"p{n}", n + 2, {"years": n}) for n in range(6)]
    on_file = _on_file(*people)
    plan = plan_list(
        [Incoming(row + 2, f"p{n}", f"p{n}", {"years": n}) for row, n in enumerate(order)], on_file, twin=""
    )
    assert (len(plan.added), len(plan.changed), len(plan.unchanged), len(plan.removed)) == (0, 0, 6, 0)
    assert state_of(on_file) == state_of(dict(reversed(list(on_file.items()))))


def test_a_value_the_new_list_clears_is_shown_as_a_dash_never_blank():
    from chancery.appraisal.importing.preview import _shown

    assert _shown(None) == _shown("") == _shown("   ") == _shown([]) == _shown({}) == "—"
    assert _shown([None, "", " "]) == "—"  # a list of nothing is nothing
    assert _shown([2019, None, 2021]) == "2019; 2021"
    assert _shown(0) == "0" and _shown("Giáo viên") == "Giáo viên"
