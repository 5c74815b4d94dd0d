-- Eligibility as the law decides it (issue 15): certificates an LSP has suspended, and the
-- recognition table of DOMAIN.md "Certificates you can trust".
--
-- The CHECK constraints below were created unnamed in 0001; PostgreSQL named them
-- certificates_status_check and change_log_entity_check (read from pg_constraint of a database
-- at 0004). Dropping and re-adding one in the same transaction never leaves the table
-- unchecked; the wider check holds for every existing row, so adding it cannot fail.

-- 1. A suspended (dibekukan) certificate is stored as such; like expired and revoked ones it
--    never satisfies a requirement.
ALTER TABLE certificates
    DROP CONSTRAINT certificates_status_check,
    ADD CONSTRAINT certificates_status_check
        CHECK (status IN ('valid', 'expired', 'revoked', 'suspended'));

-- 2. The recognition table: while an entry is in force on a vacancy's start date
--    (effective_from <= day < effective_to), a valid certificate of the scheme counts as the
--    category's SSW(i) skill test. Empty by default (mutual recognition is an aim of the two
--    governments, not a rule in force); admins edit it through /v1/recognitions. Scheme codes
--    and categories are checked against the catalogues (models/data/*.json) by the service:
--    they are data files, not tables, so they cannot be foreign keys. created_by_* record who
--    added the entry (no foreign key: the entry outlives the token).
CREATE TABLE recognitions (
    id               bigserial PRIMARY KEY,
    scheme_code      text NOT NULL CHECK (length(scheme_code) BETWEEN 1 AND 200),
    category         text NOT NULL CHECK (length(category) BETWEEN 1 AND 100),
    replaces         text NOT NULL DEFAULT 'skill_test' CHECK (replaces = 'skill_test'),
    effective_from   date NOT NULL,
    effective_to     date CHECK (effective_to IS NULL OR effective_to > effective_from),
    source           text NOT NULL CHECK (source LIKE 'https://%'),
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by_role  text,
    created_by_token bigint,
    -- The same entry posted twice (a retried request) is a conflict, not a second row.
    UNIQUE (scheme_code, category, replaces, effective_from)
);

-- 3. Recognition changes go through the change log like workers and vacancies, so the engine
--    replaces its table in the same refresh step and the next query answers by the new table.
ALTER TABLE change_log
    DROP CONSTRAINT change_log_entity_check,
    ADD CONSTRAINT change_log_entity_check
        CHECK (entity IN ('worker', 'vacancy', 'recognition'));

CREATE TRIGGER recognitions_log_change AFTER INSERT OR UPDATE OR DELETE ON recognitions
    FOR EACH ROW EXECUTE FUNCTION log_change('recognition');
