-- Business-matching events: an organiser's event with its interview slots, the employers
-- (booths, vacancies) and workers registered for it, the pre-event shortlists, the employers'
-- pins and exclusions, and the interview timetable with each interview's outcome.

CREATE TABLE events (
    id                        bigserial PRIMARY KEY,
    organizer_id              bigint NOT NULL REFERENCES organizers (id) ON DELETE CASCADE,
    name                      text NOT NULL,
    venue                     text,
    online                    boolean NOT NULL DEFAULT false,
    timezone                  text NOT NULL DEFAULT 'Asia/Jakarta',
    starts_on                 date NOT NULL,
    ends_on                   date NOT NULL CHECK (ends_on >= starts_on),
    min_interviews_per_worker integer NOT NULL DEFAULT 0 CHECK (min_interviews_per_worker >= 0),
    created_at                timestamptz NOT NULL DEFAULT now(),
    CHECK (online OR venue IS NOT NULL)
);
CREATE INDEX events_organizer_idx ON events (organizer_id, id);

-- Slots are numbered 1..n in start order; every booth runs at most one interview per slot.
CREATE TABLE event_slots (
    event_id  bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    slot_no   integer NOT NULL CHECK (slot_no >= 1),
    starts_at timestamptz NOT NULL,
    minutes   integer NOT NULL CHECK (minutes > 0),
    PRIMARY KEY (event_id, slot_no),
    UNIQUE (event_id, starts_at)
);

-- available_slots NULL means every slot.
CREATE TABLE event_employers (
    event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id     bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    booths          integer NOT NULL CHECK (booths >= 1),
    max_interviews  integer NOT NULL CHECK (max_interviews >= 0),
    available_slots integer[],
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, employer_id)
);
CREATE INDEX event_employers_employer_idx ON event_employers (employer_id);

CREATE TABLE event_vacancies (
    event_id    bigint NOT NULL,
    employer_id bigint NOT NULL,
    vacancy_id  bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, vacancy_id),
    FOREIGN KEY (event_id, employer_id)
        REFERENCES event_employers (event_id, employer_id) ON DELETE CASCADE
);

-- ranking: employer ids the worker would like to meet, best first. A cancelled registration
-- stays (with its interviews' history) but takes no part in the next plan.
CREATE TABLE event_workers (
    event_id        bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    worker_id       bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    max_interviews  integer NOT NULL CHECK (max_interviews >= 0),
    available_slots integer[],
    ranking         bigint[] NOT NULL DEFAULT '{}',
    status          text NOT NULL DEFAULT 'registered'
                    CHECK (status IN ('registered', 'cancelled')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, worker_id)
);
CREATE INDEX event_workers_worker_idx ON event_workers (worker_id);

-- The ranked candidates of one vacancy among the registered workers, as the engine explained
-- them when the shortlist was built (reasons and gaps in the language asked for then).
CREATE TABLE event_shortlists (
    event_id   bigint NOT NULL,
    vacancy_id bigint NOT NULL,
    worker_id  bigint NOT NULL,
    rank       integer NOT NULL,
    score      double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    eligible   boolean NOT NULL,
    reasons    jsonb NOT NULL DEFAULT '[]',
    gaps       jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (event_id, vacancy_id, worker_id),
    FOREIGN KEY (event_id, vacancy_id)
        REFERENCES event_vacancies (event_id, vacancy_id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, worker_id)
        REFERENCES event_workers (event_id, worker_id) ON DELETE CASCADE
);

-- An employer's decision on a candidate of one of its vacancies: "pin" promises the interview,
-- "exclude" rules the worker out for every vacancy of that employer.
CREATE TABLE event_decisions (
    event_id   bigint NOT NULL,
    vacancy_id bigint NOT NULL,
    worker_id  bigint NOT NULL,
    decision   text NOT NULL CHECK (decision IN ('pin', 'exclude')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, vacancy_id, worker_id),
    FOREIGN KEY (event_id, vacancy_id)
        REFERENCES event_vacancies (event_id, vacancy_id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, worker_id)
        REFERENCES event_workers (event_id, worker_id) ON DELETE CASCADE
);

-- The timetable. Status "scheduled" until an outcome is recorded; "cancelled" frees the slot.
-- The partial unique indexes make double bookings impossible whatever the solver returns.
CREATE TABLE interviews (
    id          bigserial PRIMARY KEY,
    event_id    bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    vacancy_id  bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    slot_no     integer NOT NULL,
    booth       integer NOT NULL CHECK (booth >= 1),
    score       double precision NOT NULL,
    mode        text NOT NULL CHECK (mode IN ('optimal', 'stable')),
    status      text NOT NULL DEFAULT 'scheduled'
                CHECK (status IN ('scheduled', 'cancelled', 'no_show', 'passed', 'offer',
                                  'hired', 'declined')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (event_id, slot_no) REFERENCES event_slots (event_id, slot_no) ON DELETE CASCADE
);
CREATE UNIQUE INDEX interviews_worker_slot_idx ON interviews (event_id, worker_id, slot_no)
    WHERE status <> 'cancelled';
CREATE UNIQUE INDEX interviews_booth_slot_idx ON interviews (event_id, employer_id, slot_no, booth)
    WHERE status <> 'cancelled';
CREATE INDEX interviews_employer_idx ON interviews (employer_id, event_id);
CREATE INDEX interviews_worker_idx ON interviews (worker_id, event_id);
