-- Core records: agencies own workers, employers own vacancies.
-- Each worker and vacancy row keeps its full contract document in jsonb (what the API renders)
-- next to the columns that filters and eligibility read. Both are written by the same
-- repository statement, so they cannot drift.

CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE agencies (
    id          bigserial PRIMARY KEY,
    external_id text NOT NULL UNIQUE,
    name        text NOT NULL,
    kind        text NOT NULL DEFAULT 'sending_organisation'
                CHECK (kind IN ('sending_organisation', 'training_centre', 'lpk', 'self')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Workers who register themselves belong to this pseudo-agency.
INSERT INTO agencies (external_id, name, kind) VALUES ('SELF', 'Self-registered workers', 'self');

CREATE TABLE workers (
    id                bigserial PRIMARY KEY,
    agency_id         bigint NOT NULL REFERENCES agencies (id),
    external_id       text NOT NULL,
    profile           jsonb NOT NULL,
    content_hash      text NOT NULL,
    full_name         text NOT NULL,
    birth_date        date NOT NULL,
    province          text,
    japanese_rank     smallint NOT NULL DEFAULT 0,
    ssw_fields        text[] NOT NULL DEFAULT '{}',
    experience_fields text[] NOT NULL DEFAULT '{}',
    preferred_fields  text[] NOT NULL DEFAULT '{}',
    available_from    date,
    discoverable      boolean NOT NULL DEFAULT false,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agency_id, external_id)
);
CREATE INDEX workers_ssw_fields_idx ON workers USING gin (ssw_fields);
CREATE INDEX workers_province_idx ON workers (province);
CREATE INDEX workers_discoverable_idx ON workers (discoverable) WHERE discoverable;

-- Certificates are rows of their own so that an LSP's revocation can find them by number.
CREATE TABLE certificates (
    worker_id   bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    number      text NOT NULL,
    scheme      text NOT NULL,
    scheme_code text,
    issuer      text NOT NULL,
    kkni_level  smallint CHECK (kkni_level BETWEEN 1 AND 9),
    issued_on   date NOT NULL,
    expires_on  date CHECK (expires_on IS NULL OR expires_on > issued_on),
    status      text NOT NULL CHECK (status IN ('valid', 'expired', 'revoked')),
    PRIMARY KEY (worker_id, number)
);
CREATE INDEX certificates_number_idx ON certificates (number);

CREATE TABLE employers (
    id           bigserial PRIMARY KEY,
    external_id  text NOT NULL UNIQUE,
    profile      jsonb NOT NULL,
    content_hash text NOT NULL,
    name         text NOT NULL,
    prefecture   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE vacancies (
    id           bigserial PRIMARY KEY,
    employer_id  bigint NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    external_id  text NOT NULL,
    document     jsonb NOT NULL,
    content_hash text NOT NULL,
    title        text NOT NULL,
    ssw_field    text NOT NULL,
    occupation   text,
    prefecture   text,
    starts_on    date,
    status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (employer_id, external_id)
);
CREATE INDEX vacancies_field_idx ON vacancies (ssw_field);

-- The change log orders every write to workers and vacancies. Index snapshots record the last
-- sequence they applied; on start the engine replays what came after (PITFALLS.md, Qdrant-style).
CREATE TABLE change_log (
    seq        bigserial PRIMARY KEY,
    entity     text NOT NULL CHECK (entity IN ('worker', 'vacancy')),
    entity_id  bigint NOT NULL,
    op         text NOT NULL CHECK (op IN ('upsert', 'delete')),
    txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
    changed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_log_entity_idx ON change_log (entity, seq);
-- A transaction that commits late can hold sequence numbers below a reader's watermark; readers
-- therefore also re-read rows of transactions that were still running at their last read.
CREATE INDEX change_log_txid_idx ON change_log (txid);

CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO change_log (entity, entity_id, op) VALUES (TG_ARGV[0], OLD.id, 'delete');
        RETURN OLD;
    END IF;
    INSERT INTO change_log (entity, entity_id, op) VALUES (TG_ARGV[0], NEW.id, 'upsert');
    RETURN NEW;
END $$;

CREATE TRIGGER workers_log_change AFTER INSERT OR UPDATE OR DELETE ON workers
    FOR EACH ROW EXECUTE FUNCTION log_change('worker');
CREATE TRIGGER vacancies_log_change AFTER INSERT OR UPDATE OR DELETE ON vacancies
    FOR EACH ROW EXECUTE FUNCTION log_change('vacancy');

-- Embeddings per model: an unchanged text (same hash) is never encoded again, and the index
-- can be rebuilt from here without a model.
CREATE TABLE worker_embeddings (
    worker_id  bigint NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    model_id   text NOT NULL,
    text_hash  text NOT NULL,
    embedding  vector NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (worker_id, model_id)
);

CREATE TABLE vacancy_embeddings (
    vacancy_id bigint NOT NULL REFERENCES vacancies (id) ON DELETE CASCADE,
    model_id   text NOT NULL,
    text_hash  text NOT NULL,
    embedding  vector NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vacancy_id, model_id)
);
