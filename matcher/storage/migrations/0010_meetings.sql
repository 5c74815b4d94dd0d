-- Company meets sending organisation (issue 18): the agencies at an event with their tables
-- and the slots they are present in, the organiser's pins and each pair's way of meeting
-- (in person or online, with its link), the planned meetings, and the workers each meeting's
-- value was computed from (what the agency sees it is asked about).

-- present_slots NULL means every slot of the event.
CREATE TABLE event_agencies (
    event_id      bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    agency_id     bigint NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    tables        integer NOT NULL CHECK (tables >= 1),
    present_slots integer[],
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, agency_id)
);
CREATE INDEX event_agencies_agency_idx ON event_agencies (agency_id);

-- What belongs to a (company, agency) pair rather than to one planned meeting, so a re-plan
-- that moves the meeting keeps it: the organiser's pin, and mode/online_url (the same names
-- as interviews use).
CREATE TABLE event_meeting_pairs (
    event_id    bigint NOT NULL,
    employer_id bigint NOT NULL,
    agency_id   bigint NOT NULL,
    pinned      boolean NOT NULL DEFAULT false,
    mode        text NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'online')),
    online_url  text CHECK (online_url IS NULL OR online_url LIKE 'https://%'),
    PRIMARY KEY (event_id, employer_id, agency_id),
    CHECK (mode = 'online' OR online_url IS NULL),
    FOREIGN KEY (event_id, employer_id)
        REFERENCES event_employers (event_id, employer_id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, agency_id)
        REFERENCES event_agencies (event_id, agency_id) ON DELETE CASCADE
);

-- The meeting plan. table_no is the agency's table, booth the company's booth (free of
-- interviews in that slot). The unique indexes make a double-booked company, agency table or
-- company booth impossible whatever the solver returns.
CREATE TABLE meetings (
    id          bigserial PRIMARY KEY,
    event_id    bigint NOT NULL,
    employer_id bigint NOT NULL,
    agency_id   bigint NOT NULL,
    slot_no     integer NOT NULL,
    table_no    integer NOT NULL CHECK (table_no >= 1),
    booth       integer NOT NULL CHECK (booth >= 1),
    value       double precision NOT NULL CHECK (value > 0),
    workers     integer NOT NULL CHECK (workers >= 1),
    seats       integer NOT NULL CHECK (seats >= 1),
    plan_mode   text NOT NULL DEFAULT 'optimal' CHECK (plan_mode IN ('optimal')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (event_id, employer_id, agency_id),
    UNIQUE (event_id, employer_id, slot_no),
    UNIQUE (event_id, agency_id, slot_no, table_no),
    FOREIGN KEY (event_id, slot_no) REFERENCES event_slots (event_id, slot_no) ON DELETE CASCADE,
    FOREIGN KEY (event_id, employer_id)
        REFERENCES event_employers (event_id, employer_id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, agency_id)
        REFERENCES event_agencies (event_id, agency_id) ON DELETE CASCADE
);
CREATE INDEX meetings_agency_idx ON meetings (agency_id, event_id);

-- The agency's workers counted in a pair's value (the best assignment to the company's
-- vacancies), with the score the engine gave them, as of the last plan. Erasing a worker
-- removes its rows.
CREATE TABLE meeting_offers (
    event_id    bigint NOT NULL,
    employer_id bigint NOT NULL,
    agency_id   bigint NOT NULL,
    vacancy_id  bigint NOT NULL,
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    score       double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    PRIMARY KEY (event_id, employer_id, agency_id, worker_id),
    FOREIGN KEY (event_id, vacancy_id)
        REFERENCES event_vacancies (event_id, vacancy_id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, agency_id)
        REFERENCES event_agencies (event_id, agency_id) ON DELETE CASCADE
);
