"""querylang.record behaves as dataclass(frozen=True) does, where querylang relies on it."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from querylang.ast import EmptyGroup, Or, Span, Word
from querylang.record import FrozenInstanceError, field, record, replace


@record(frozen=True)
class Point:
    x: int
    y: int = 0
    label: str = field(default="", compare=False)
    hidden: str = field(default="h", repr=False)


@dataclasses.dataclass(frozen=True)
class RealPoint:
    x: int
    y: int = 0
    label: str = dataclasses.field(default="", compare=False)
    hidden: str = dataclasses.field(default="h", repr=False)


@record(frozen=True)
class Base:
    a: int


@record(frozen=True)
class Child(Base):
    b: str = "b"


@pytest.mark.parametrize(
    "args",
    [(1,), (1, 2), (1, 2, "x"), (1, 2, "x", "y")],
)
def test_same_repr_equality_and_hash_as_a_frozen_dataclass(args: tuple[object, ...]) -> None:
    ours, theirs = Point(*args), RealPoint(*args)  # type: ignore[arg-type]
    assert repr(ours).replace("Point", "RealPoint", 1) == repr(theirs)
    assert hash(ours) == hash(theirs)
    assert ours == Point(*args)  # type: ignore[arg-type]


def test_fields_left_out_of_equality() -> None:
    assert Point(1, 2, "a") == Point(1, 2, "b")
    assert Point(1, 2) != Point(1, 3)
    assert Point(1) != RealPoint(1)  # another class is never equal
    assert EmptyGroup(Span(1, 1, 1, 3, 0, 2)) == EmptyGroup()


def test_frozen() -> None:
    point = Point(1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del point.y  # type: ignore[misc]


def test_inherited_fields_come_first() -> None:
    child = Child(1, "z")
    assert (child.a, child.b) == (1, "z")
    assert repr(child) == "Child(a=1, b='z')"
    assert Child(1) == Child(a=1, b="b")


def test_replace() -> None:
    node = Or((Word("a"), Word("b")))
    wrapped = replace(node, parenthesized=True)
    assert wrapped.parenthesized and wrapped.operands == node.operands
    with pytest.raises(TypeError):
        replace(node, nothing=1)


def test_missing_argument_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_pickles() -> None:
    point = Point(1, 2, "a")
    assert pickle.loads(pickle.dumps(point)) == point


def test_eq_hash_and_repr_are_compiled_on_first_call_and_kept() -> None:
    @record(frozen=True)
    class Late:
        a: int
        b: str = "x"

    stand_ins = {name: Late.__dict__[name] for name in ("__eq__", "__hash__", "__repr__")}
    assert all(f.__name__ == "first_call" for f in stand_ins.values())
    one, same, other = Late(1), Late(1), Late(2, "y")
    assert one == same and one != other and (one == "Late(1)") is False
    assert hash(one) == hash(same) == hash((1, "x"))
    assert repr(other) == "test_eq_hash_and_repr_are_compiled_on_first_call_and_kept.<locals>" \
        ".Late(a=2, b='y')"
    for name, stand_in in stand_ins.items():
        compiled = Late.__dict__[name]
        assert compiled is not stand_in and compiled.__name__ == name
        assert compiled.__qualname__.endswith(f"Late.{name}")
    assert {one, same, other} == {Late(1), Late(2, "y")}
    point = Point(3, 4)  # pickled before any comparison: the copy compares all the same
    assert pickle.loads(pickle.dumps(point)) == point
