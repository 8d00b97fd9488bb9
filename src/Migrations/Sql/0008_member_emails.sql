-- A member's email address, where the project's managers gave one (the email digest mails it). Written, like the
-- rest of the row, only by the project's grain, whose state holds the truth.
ALTER TABLE project_members ADD COLUMN IF NOT EXISTS email text NULL;
