"""The payload codec: `load` (orjson) reads what `dump` (the stdlib's json)
writes exactly as the stdlib would, and refuses what loket never writes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from loketcli.storage import codec

# What payloads hold: text (any Unicode a person can type, control characters
# included), bounded integers, booleans, null, and lists and objects of those.
_SCALARS = (st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
            | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.booleans() | st.none())
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


@given(st.dictionaries(st.text(max_size=12), _VALUES, max_size=6))
def test_load_reads_what_dump_writes_as_the_standard_library_does(payload: dict[str, object]) -> None:
    written = codec.dump(payload)
    assert codec.load(written) == json.loads(written.decode("utf-8")) == payload


@pytest.mark.parametrize("raw", [b'{"a":1} x', b'{"a":1}{}', b"[1]", b'"text"', b"\xff", b'{"a":NaN}', b""])
def test_load_refuses_what_is_not_one_object(raw: bytes) -> None:
    with pytest.raises(ValueError):
        codec.load(raw)
