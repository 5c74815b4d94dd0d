"""The visibility rules as pure functions, and the small building blocks of the access layer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.limits import TokenBucketLimiter
from matcher.access.pagination import decode_cursor, encode_cursor, next_cursor
from matcher.access.policy import (
    WORKER_STATED_FIELDS,
    WorkerViewKind,
    audited_views,
    fields_closed_to,
    is_audited,
    may_edit_worker,
    worker_view,
)
from matcher.access.principal import Principal
from matcher.access.validation import merge
from matcher.access.workers import render_worker, short_name
from matcher.errors import InvalidInput
from models.schemas import WorkerMasked, WorkerPublic
from models.worker import Worker, WorkerProfile
from tests import factories
from tests.factories import today
from tests.matcher.ranking.strategies import workers as worker_profiles


def _worker(worker_id: int = 5, agency_id: int = 1, discoverable: bool = True) -> Worker:
    data = factories.worker_data(worker_id, discoverable=discoverable)
    return Worker(**data, id=worker_id, agency_id=agency_id)


@pytest.mark.parametrize(
    ("principal", "discoverable", "disclosed", "expected"),
    [
        (Principal("admin"), False, False, "full"),
        (Principal("worker", 5), False, False, "full"),
        (Principal("worker", 6), True, False, None),
        (Principal("agency", 1), False, False, "full"),
        (Principal("agency", 2), True, False, "contact_hidden"),
        (Principal("agency", 2), False, False, None),
        (Principal("employer", 9), True, False, "masked"),
        (Principal("employer", 9), False, False, None),
        (Principal("employer", 9), False, True, "full"),
        (Principal("organizer", 3), True, False, "masked"),
        (Principal("organizer", 3), False, False, None),
    ],
)
def test_worker_view(
    principal: Principal, discoverable: bool, disclosed: bool, expected: str | None
) -> None:
    assert (
        worker_view(principal, _worker(discoverable=discoverable), disclosed=disclosed) == expected
    )


def test_full_and_contact_hidden_reads_by_others_are_audited() -> None:
    w = _worker()
    assert not is_audited(Principal("worker", 5), w, "full")
    assert is_audited(Principal("agency", 1), w, "full")
    assert is_audited(Principal("agency", 2), w, "contact_hidden")
    assert is_audited(Principal("organizer", 3), w, "contact_hidden")
    assert not is_audited(Principal("employer", 9), w, "masked")
    assert not is_audited(Principal("organizer", 3), w, "masked")
    assert may_edit_worker(Principal("worker", 5), w)
    assert not may_edit_worker(Principal("agency", 2), w)


def test_audited_views_keep_each_workers_view() -> None:
    own, other, hidden = _worker(5), _worker(6, agency_id=2), _worker(7, agency_id=2)
    kinds: dict[int, WorkerViewKind] = {5: "full", 6: "contact_hidden"}  # 7: not visible
    assert audited_views(Principal("agency", 1), [own, other, hidden], kinds) == kinds
    assert audited_views(Principal("worker", 5), [own], {5: "full"}) == {}
    assert audited_views(Principal("employer", 9), [own], {5: "masked"}) == {}


@pytest.mark.parametrize(
    ("principal", "fields", "closed"),
    [
        (Principal("worker", 5), ["summary", "discoverable"], []),
        (Principal("worker", 5), sorted(WORKER_STATED_FIELDS), []),
        (Principal("worker", 5), ["summary", "ssw_tests", "external_id"], ["external_id", "ssw_tests"]),
        (Principal("worker", 5), ["full_name", "birth_date", "province"], ["birth_date", "full_name", "province"]),
        (Principal("worker", 5), ["experience", "japanese", "certificates", "intern_training"],
         ["certificates", "experience", "intern_training", "japanese"]),
        (Principal("agency", 1), ["ssw_tests", "external_id"], []),
        (Principal("admin"), ["ssw_tests", "external_id"], []),
    ],
)  # fmt: skip
def test_a_worker_changes_only_what_it_states(
    principal: Principal, fields: list[str], closed: list[str]
) -> None:
    assert fields_closed_to(principal, _worker(5), fields) == closed


def test_masked_rendering_is_allow_listed() -> None:
    masked = render_worker(_worker(), "masked", today())
    assert isinstance(masked, WorkerMasked)
    dumped = masked.model_dump()
    assert dumped["display_name"] == "Siti R."
    assert dumped["age"] == 27
    assert not {"full_name", "birth_date", "contact", "external_id", "agency_id"} & set(dumped)
    assert "number" not in dumped["certificates"][0]
    hidden = render_worker(_worker(), "contact_hidden", today())
    assert isinstance(hidden, WorkerPublic) and hidden.contact is None


def _validated_view(worker: Worker, kind: str) -> WorkerPublic | WorkerMasked:
    """The view built the slow, fully validated way: what ``render_worker`` must equal."""
    if kind == "masked":
        return WorkerMasked(
            id=worker.id,
            display_name=short_name(worker.full_name),
            age=worker.age_on(today()),
            **worker.model_dump(
                include={
                    "province",
                    "summary",
                    "japanese",
                    "ssw_tests",
                    "intern_training",
                    "experience",
                    "ssw1_months_used",
                    "preferred_fields",
                    "preferred_prefectures",
                    "available_from",
                }
            ),
            certificates=[
                c.model_dump(exclude={"number", "registration_number", "verified_by"})
                for c in worker.certificates
            ],
            licences=[lic.model_dump(exclude={"number"}) for lic in worker.licences],
        )
    exclude = {"contact"} if kind == "contact_hidden" else set()
    return WorkerPublic(**worker.model_dump(exclude=exclude), view=kind)


@given(worker_profiles(), st.sampled_from(["full", "contact_hidden", "masked"]))
def test_views_equal_their_validated_construction(profile: WorkerProfile, kind: str) -> None:
    """Views skip re-validating the stored worker; they must be exactly what validation gives,
    field for field and byte for byte in JSON, and validate again as the response schema."""
    worker = Worker(**profile.model_dump(), id=7, agency_id=3)
    view = render_worker(worker, kind, today())  # type: ignore[arg-type]
    expected = _validated_view(worker, kind)
    assert view == expected
    assert view.model_dump_json() == expected.model_dump_json()
    assert type(view).model_validate_json(view.model_dump_json()) == expected


@pytest.mark.parametrize(
    ("name", "short"),
    [("Siti Rahmawati", "Siti R."), ("Sukarno", "S."), ("Ni Made Ayu Lestari", "Ni L."), ("", "")],
)
def test_short_name(name: str, short: str) -> None:
    assert short_name(name) == short


@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_cursor_roundtrip(last_id: int) -> None:
    assert decode_cursor(encode_cursor(last_id)) == last_id


@pytest.mark.parametrize("forged", ["x", "!!!", "azE6LTE", "MTIz", "k1:5"])
def test_forged_cursors_are_invalid_input(forged: str) -> None:
    with pytest.raises(InvalidInput) as info:
        decode_cursor(forged)
    assert info.value.field == "cursor"


def test_next_cursor_only_for_full_pages() -> None:
    assert next_cursor([1, 2], 3) is None
    assert next_cursor([1, 2, 3], 3) == encode_cursor(3)


def test_merge_replaces_top_level_and_merges_named_objects() -> None:
    stored = {"a": 1, "requirements": {"japanese": "N4", "min_age": 18}, "list": [1]}
    patch = {"requirements": {"japanese": "N3"}, "list": [2], "a": None}
    merged = merge(stored, patch, deep=frozenset({"requirements"}))
    assert merged == {"a": None, "requirements": {"japanese": "N3", "min_age": 18}, "list": [2]}


def test_token_bucket() -> None:
    limiter = TokenBucketLimiter(per_minute=60, burst=2)
    assert limiter.acquire(1, now=0.0) is None
    assert limiter.acquire(1, now=0.0) is None
    assert limiter.acquire(1, now=0.0) == 1
    assert limiter.acquire(2, now=0.0) is None
    assert limiter.acquire(1, now=1.0) is None
