-- How an interview is held (issue 18, "Online interviews, languages and calendars"): in person
-- at the booth or online with a link, in which language, and whether an interpreter is needed
-- and who is assigned. An event can mix both modes.
--
-- The details belong to the pair (event, employer, worker), not to an interviews row: a re-plan
-- deletes and re-inserts the rows of interviews that move to another slot or booth, and the link
-- an employer sent or the interpreter the organiser booked must survive that. A pair meets at
-- most once per event (the solver places each employer-worker pair once, and a cancelled pair is
-- never planned again), so the pair names the interview. No row means the defaults: the event's
-- own mode (online when it has no venue), no link, language and interpreter not set.
--
-- interviews.mode already names the planning method (optimal, stable) of each row; the column
-- here keeps the name `mode` the meetings of 0010 use for in_person/online, and the API shows
-- the planning method as `plan_mode`.
CREATE TABLE interview_details (
    event_id           bigint NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id        bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    worker_id          bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    mode               text NOT NULL CHECK (mode IN ('in_person', 'online')),
    online_url         text CHECK (online_url ~ '^https://[^[:space:]]+$'
                                   AND length(online_url) <= 500),
    language           text CHECK (language ~ '^[a-z]{2,3}$'),
    interpreter_needed boolean NOT NULL DEFAULT false,
    interpreter        text CHECK (length(interpreter) BETWEEN 1 AND 200),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, employer_id, worker_id),
    CHECK (mode = 'online' OR online_url IS NULL),
    CHECK (interpreter_needed OR interpreter IS NULL)
);
CREATE INDEX interview_details_worker_idx ON interview_details (worker_id);
CREATE INDEX interview_details_employer_idx ON interview_details (employer_id);
