-- Access control: API tokens bound to a role and a subject, organisers, disclosures of workers
-- to employers, and the audit log of full-profile reads.

-- Organisers run business-matching events (the events feature comes later; tokens need a subject).
CREATE TABLE organizers (
    id          bigserial PRIMARY KEY,
    external_id text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Only the sha256 of a token is stored: a leaked table does not leak usable tokens.
-- subject_id points at employers, agencies, workers or organizers depending on the role, so it
-- cannot carry a foreign key; the service checks the subject exists when the token is created
-- and every lookup through the token is scoped by it (a deleted subject simply sees nothing).
CREATE TABLE api_tokens (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    role       text NOT NULL
               CHECK (role IN ('admin', 'organizer', 'agency', 'employer', 'worker')),
    subject_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    CHECK ((role = 'admin') = (subject_id IS NULL))
);

-- A worker whose full profile an employer may see: shortlisted for an interview with it (written
-- by the events feature) or consent given by the worker.
CREATE TABLE worker_disclosures (
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    employer_id bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    reason      text NOT NULL CHECK (reason IN ('shortlisted', 'consent')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, employer_id, reason)
);
CREATE INDEX worker_disclosures_employer_idx ON worker_disclosures (employer_id, worker_id);

-- Who read (or changed) a worker's full profile. No foreign keys: the log outlives the worker
-- and the token it records.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    token_id   bigint,
    role       text NOT NULL,
    subject_id bigint,
    worker_id  bigint NOT NULL,
    action     text NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_worker_idx ON audit_log (worker_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
