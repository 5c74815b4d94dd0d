-- One-time sign-in codes (issue 19): an agency (for its workers), an organiser (for workers
-- registered at its events) or an admin prints a short code per worker; the worker exchanges
-- it once on the page for a short-lived worker token. Tokens stay for machines.
--
-- Only the sha256 of the normalised code is stored, like tokens (0002): a leaked table does
-- not leak a usable code. A code is usable while used_at, revoked_at are NULL and expires_at
-- is in the future; the exchange claims it in one UPDATE ... RETURNING, so two concurrent
-- exchanges of one code cannot both win. token_id is the session token it was exchanged for.
-- issued_by_* has no foreign key (like audit_log): the record outlives the issuing token.
CREATE TABLE signin_codes (
    id                bigserial PRIMARY KEY,
    code_hash         text NOT NULL UNIQUE,
    worker_id         bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    event_id          bigint REFERENCES events (id) ON DELETE SET NULL,
    issued_by_role    text NOT NULL CHECK (issued_by_role IN ('admin', 'agency', 'organizer')),
    issued_by_subject bigint,
    issued_by_token   bigint,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    used_at           timestamptz,
    revoked_at        timestamptz,
    token_id          bigint,
    CHECK (expires_at > created_at),
    CHECK ((issued_by_role = 'admin') = (issued_by_subject IS NULL))
);
CREATE INDEX signin_codes_worker_idx ON signin_codes (worker_id, id);
CREATE INDEX signin_codes_issuer_idx ON signin_codes (issued_by_role, issued_by_subject, id);
