-- Long work as jobs (issue 17): a request stores what the work needs, answers 202 with the
-- job's id, and a runner in any `serve` process does the work on connections of its own.
--
-- The queue is this table: a runner claims the oldest queued job with
-- `SELECT ... FOR UPDATE SKIP LOCKED`, so several processes (or machines) on one database take
-- different jobs and none is run twice at once. A running job's runner refreshes heartbeat_at
-- (and the progress) every few seconds; a running job whose heartbeat is stale belonged to a
-- process that died and is requeued (or failed once it has used max_attempts). deadline_at is
-- set when a job starts (started_at + time_limit_s): past it the job is failed with a reason.
--
-- The owner is the principal that asked (role and subject, like tokens in 0002): only the
-- owner's role and subject, or an admin, may read the job. owner_subject is NULL for admins.
-- No foreign key to tokens: the job outlives the token that asked for it.
CREATE TABLE jobs (
    id             bigserial PRIMARY KEY,
    kind           text NOT NULL,
    state          text NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    owner_role     text NOT NULL
                   CHECK (owner_role IN ('admin', 'organizer', 'agency', 'employer', 'worker')),
    owner_subject  bigint,
    owner_token    bigint,
    payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
    progress_done  bigint NOT NULL DEFAULT 0 CHECK (progress_done >= 0),
    progress_total bigint CHECK (progress_total >= 0),
    result         jsonb,
    errors         jsonb NOT NULL DEFAULT '[]'::jsonb,
    attempts       integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts   integer NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
    time_limit_s   double precision NOT NULL CHECK (time_limit_s > 0),
    runner         text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    heartbeat_at   timestamptz,
    deadline_at    timestamptz,
    finished_at    timestamptz,
    CHECK ((owner_role = 'admin') = (owner_subject IS NULL)),
    CHECK ((state IN ('succeeded', 'failed', 'cancelled')) = (finished_at IS NOT NULL))
);
-- What the runners scan: queued jobs oldest first, running jobs by heartbeat.
CREATE INDEX jobs_queued_idx ON jobs (id) WHERE state = 'queued';
CREATE INDEX jobs_running_idx ON jobs (heartbeat_at) WHERE state = 'running';
CREATE INDEX jobs_finished_idx ON jobs (finished_at) WHERE finished_at IS NOT NULL;
-- An owner's unfinished jobs, counted before each new one (a limit per owner).
CREATE INDEX jobs_unfinished_owner_idx ON jobs (owner_role, owner_subject)
    WHERE state IN ('queued', 'running');

-- A job's input file (an import's body) in parts (PART_BYTES, matcher/jobs/imports.py),
-- written before the 202 and read back by the runner part by part, so neither side holds a
-- whole file in memory.
-- Deleted when the job finishes: the personal data in it is kept no longer than the work.
CREATE TABLE job_inputs (
    job_id bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    part   integer NOT NULL CHECK (part >= 0),
    data   bytea NOT NULL,
    PRIMARY KEY (job_id, part)
);
