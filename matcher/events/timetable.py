"""The interview timetable of an event: planning (optimal or stable, re-planning keeps what can
stay) and the interviews each caller may see."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

import anyio

from matcher.errors import Conflict, InvalidInput
from matcher.events.core import (
    EventCore,
    TimetableInfeasible,
    ensure_open,
)
from matcher.events.details import load_context
from matcher.events.problem import build_problem, previous_timetable, to_rows
from matcher.scheduling import (
    InfeasibleTimetable,
    InvalidProblem,
    Timetable,
    TimetableError,
    TimetableProblem,
    build_timetable,
    replan,
)
from matcher.storage.events import (
    EventRecord,
)
from models.schemas.events import (
    InterviewPublic,
    TimetablePlanned,
    TimetableRequest,
    UnplacedPublic,
)


@contextmanager
def solver_refusals() -> Iterator[None]:
    """The solver's refusals as the engine's errors: pins or minimums that cannot be placed
    (409 ``timetable-infeasible``), a problem it cannot take (422), any other (409)."""
    try:
        yield
    except InfeasibleTimetable as exc:
        raise TimetableInfeasible(str(exc)) from exc
    except InvalidProblem as exc:
        raise InvalidInput(str(exc)) from exc
    except TimetableError as exc:
        raise Conflict(str(exc)) from exc


def unplaced_public(timetable: Timetable) -> list[UnplacedPublic]:
    """What the solver left out of ``timetable`` and why, as the API shows it."""
    return [
        UnplacedPublic(
            employer_id=int(u.employer_id),
            worker_id=int(u.worker_id),
            vacancy_id=int(u.vacancy_id),
            reason=str(u.reason),
        )
        for u in timetable.unplaced
    ]


@dataclass(frozen=True, slots=True)
class PlanOutcome:
    """What planning did, with the solver's wall time (the benchmark reads it)."""

    timetable: Timetable
    kept: int
    solve_seconds: float
    problem: TimetableProblem


@dataclass(frozen=True, slots=True)
class TimetableInputs:
    """What a plan is solved from, read in one unit of work.

    A job solves it with no connection held, then reads the inputs again in the unit that
    stores the plan: equal inputs mean nothing the plan depends on changed meanwhile (the
    dataclasses compare by value)."""

    problem: TimetableProblem
    previous: Timetable | None


def _solve(
    problem: TimetableProblem,
    mode: Literal["optimal", "stable"],
    previous: Timetable | None,
    time_limit_s: float | None,
) -> Timetable:
    if previous is not None:
        return replan(previous, problem, mode, time_limit_s=time_limit_s)
    return build_timetable(problem, mode, time_limit_s=time_limit_s)


async def solve_inputs(inputs: TimetableInputs, request: TimetableRequest) -> PlanOutcome:
    """Solve ``inputs`` off the event loop (the one place a timetable problem is solved)."""
    started = time.perf_counter()
    with solver_refusals():
        timetable = await anyio.to_thread.run_sync(
            _solve, inputs.problem, request.mode, inputs.previous, request.time_limit_s
        )
    elapsed = time.perf_counter() - started
    kept = 0
    if inputs.previous is not None:
        before = {
            (i.employer_id, i.worker_id, i.slot_id, i.booth) for i in inputs.previous.interviews
        }
        kept = sum(
            (i.employer_id, i.worker_id, i.slot_id, i.booth) in before for i in timetable.interviews
        )
    return PlanOutcome(timetable, kept, elapsed, inputs.problem)


class EventTimetable(EventCore):
    async def check_may_plan(self, event_id: int) -> EventRecord:
        """The event, if the caller may plan its timetable now (its organiser or an admin, and
        the event open): checked when the plan is asked for and again when it is stored."""
        event = await self.managed(event_id, "plan the timetable")
        ensure_open(event, "plan the timetable")
        return event

    async def plan(self, event_id: int, request: TimetableRequest) -> TimetablePlanned:
        """Plan and store on this service's one connection (command line, demo event); the
        API plans as a job (``matcher.jobs.events``)."""
        event = await self.check_may_plan(event_id)
        outcome = await self.solve_event(event, request)
        return await self.store_plan(event, request, outcome)

    async def store_plan(
        self, event: EventRecord, request: TimetableRequest, outcome: PlanOutcome
    ) -> TimetablePlanned:
        """Store ``outcome`` as the event's timetable and answer with what is now stored.

        Storing discloses nothing by itself: an interview discloses the worker to its employer
        once accepted (``ConsentService.set_interview_acceptance``), and a re-plan that
        drops it ends that disclosure with the row."""
        await self.repo.store_timetable(event.id, request.mode, to_rows(outcome.timetable))
        interviews = await self.repo.interviews(event.id, include_cancelled=False)
        context = await load_context(self.conn, event, interviews)
        return TimetablePlanned(
            data=[context.public(i) for i in interviews],
            count=len(interviews),
            mode=request.mode,
            total_score=outcome.timetable.total_score,
            kept=outcome.kept,
            unplaced=unplaced_public(outcome.timetable),
            solve_seconds=round(outcome.solve_seconds, 3),
        )

    async def timetable_inputs(
        self, event: EventRecord, request: TimetableRequest
    ) -> TimetableInputs:
        """Read what planning ``event`` now is solved from (the one place a timetable problem
        is built); refused once outcomes are recorded, since the timetable is then final."""
        if await self.repo.count_with_outcome(event.id):
            raise Conflict(
                "outcomes are already recorded for this event; the timetable is final",
                field="replan",
            )
        stored = await self.repo.interviews(event.id)
        problem = build_problem(
            slots=await self.repo.slots(event.id),
            employers=await self.repo.employer_registrations(event.id),
            workers=await self.repo.worker_registrations(event.id, active_only=True),
            shortlist=await self.repo.shortlist(event.id),
            decisions=await self.repo.decisions(event.id),
            min_interviews_per_worker=(
                request.min_interviews_per_worker
                if request.min_interviews_per_worker is not None
                else event.min_interviews_per_worker
            ),
            blocked_pairs={(i.employer_id, i.worker_id) for i in stored if i.status == "cancelled"},
        )
        previous = previous_timetable(stored) if request.replan else None
        return TimetableInputs(problem, previous)

    async def solve_event(self, event: EventRecord, request: TimetableRequest) -> PlanOutcome:
        """The timetable planning would store now, solved on this connection's reads and stored
        nowhere (``store_plan`` stores it, the console's preview compares it)."""
        return await solve_inputs(await self.timetable_inputs(event, request), request)

    async def timetable(self, event_id: int) -> list[InterviewPublic]:
        """The interviews the caller may see: all (organiser, admin), an employer's own, an
        agency's workers', a worker's own."""
        event = await self.visible(event_id)
        interviews = await self.visible_interviews(event)
        context = await load_context(self.conn, event, interviews)
        return [context.public(i) for i in interviews]
