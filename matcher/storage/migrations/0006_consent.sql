-- Consent and personal data (UU 27/2022, APPI; docs/privacy.md).
--
-- 1. Consent records replace the implied disclosures of 0002: who gave consent (the worker, or
--    its agency on the worker's behalf with the signed form's reference), for what purpose, for
--    which employers or event, when, and when it was withdrawn. A withdrawn consent stays as a
--    record (it is proof of what was allowed when) but allows nothing from the moment it is
--    withdrawn: the access layer reads this table on every request.
-- 2. An interview discloses the worker to its employer only once the worker (or its agency)
--    accepted it, and only while it stands: a re-plan that drops it, or a cancellation, ends
--    the disclosure with it. 0002's worker_disclosures rows carried no proof of who consented,
--    so they allow nothing any more and are not turned into consent records nobody gave; they
--    are kept, renamed legacy_disclosures, as the record of what was disclosed before (in the
--    subject export; erased with the worker through the foreign key).
-- 3. The audit log names the consent or interview that allowed each full view.
-- 4. Registrations record when their status last changed, so retention can count the days a
--    cancelled registration has been kept.

CREATE TABLE consents (
    id                  bigserial PRIMARY KEY,
    worker_id           bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    purpose             text NOT NULL
                        CHECK (purpose IN ('employer_ranking', 'contact_sharing',
                                           'event_participation')),
    scope               text NOT NULL CHECK (scope IN ('all_employers', 'employer', 'event')),
    employer_id         bigint REFERENCES employers (id) ON DELETE CASCADE,
    event_id            bigint REFERENCES events (id) ON DELETE CASCADE,
    given_by            text NOT NULL CHECK (given_by IN ('worker', 'agency')),
    form_reference      text CHECK (form_reference IS NULL OR length(form_reference) BETWEEN 1 AND 200),
    recorded_by_role    text NOT NULL,
    recorded_by_subject bigint,
    given_at            timestamptz NOT NULL DEFAULT now(),
    withdrawn_at        timestamptz,
    withdrawn_by_role   text,
    CHECK ((scope = 'employer') = (employer_id IS NOT NULL)),
    CHECK ((scope = 'event') = (event_id IS NOT NULL)),
    CHECK (purpose <> 'employer_ranking' OR scope = 'all_employers'),
    CHECK (purpose <> 'event_participation' OR scope = 'event'),
    CHECK (given_by = 'worker' OR form_reference IS NOT NULL),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_by_role IS NULL))
);
CREATE INDEX consents_worker_idx ON consents (worker_id, id);
-- At most one consent in force per purpose and target: a second one would make withdrawal
-- ambiguous (withdrawing one would leave the other allowing the same thing).
CREATE UNIQUE INDEX consents_in_force_idx
    ON consents (worker_id, purpose, scope, coalesce(employer_id, 0), coalesce(event_id, 0))
    WHERE withdrawn_at IS NULL;

ALTER TABLE interviews ADD COLUMN accepted_at timestamptz;
CREATE INDEX interviews_disclosure_idx ON interviews (employer_id, worker_id)
    WHERE accepted_at IS NOT NULL;

ALTER TABLE worker_disclosures RENAME TO legacy_disclosures;
ALTER INDEX worker_disclosures_employer_idx RENAME TO legacy_disclosures_employer_idx;

-- Which consent or interview allowed a full view (NULL: admins, the owning agency, or views
-- that disclose no contact data). No foreign keys: the log outlives both.
ALTER TABLE audit_log ADD COLUMN consent_id bigint, ADD COLUMN interview_id bigint;

ALTER TABLE event_workers ADD COLUMN status_changed_at timestamptz NOT NULL DEFAULT now();

CREATE FUNCTION event_workers_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        NEW.status_changed_at := now();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER event_workers_status_changed BEFORE UPDATE ON event_workers
    FOR EACH ROW EXECUTE FUNCTION event_workers_status_changed();

-- Retention purges find old rows by these times.
CREATE INDEX event_workers_cancelled_idx ON event_workers (status_changed_at)
    WHERE status = 'cancelled';
CREATE INDEX interviews_updated_idx ON interviews (updated_at) WHERE status <> 'scheduled';
