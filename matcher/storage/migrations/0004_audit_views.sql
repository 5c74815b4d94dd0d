-- The audit log records which view of a worker each read got, now that contact-hidden reads
-- (other agencies, event organisers) are audited as well as full ones. Rows written before this
-- migration recorded only full views: they read 'full'.
--
-- ADD COLUMN with a constant default is a catalogue change (no table rewrite); dropping the
-- default afterwards keeps 'full' for the existing rows and makes every new row state its view.
ALTER TABLE audit_log
    ADD COLUMN view text NOT NULL DEFAULT 'full'
        CHECK (view IN ('full', 'contact_hidden', 'masked'));
ALTER TABLE audit_log ALTER COLUMN view DROP DEFAULT;

-- Deleting a worker or an employer now revokes its tokens in the same transaction. Tokens of
-- subjects deleted before this migration still authenticate: revoke them here, once.
UPDATE api_tokens t SET revoked_at = now()
WHERE t.revoked_at IS NULL AND t.role <> 'admin'
  AND NOT EXISTS (
      SELECT 1 FROM workers s WHERE t.role = 'worker' AND s.id = t.subject_id
      UNION ALL SELECT 1 FROM employers s WHERE t.role = 'employer' AND s.id = t.subject_id
      UNION ALL SELECT 1 FROM agencies s WHERE t.role = 'agency' AND s.id = t.subject_id
      UNION ALL SELECT 1 FROM organizers s WHERE t.role = 'organizer' AND s.id = t.subject_id
  );

-- The revocation looks tokens up by subject; live tokens only, as revoked ones never change.
CREATE INDEX api_tokens_live_subject_idx ON api_tokens (role, subject_id) WHERE revoked_at IS NULL;
