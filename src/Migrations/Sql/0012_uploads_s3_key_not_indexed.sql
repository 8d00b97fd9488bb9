-- An upload's S3 key embeds its id ({tenant}/{project}/uploads/{id}/{file}), so the primary key already makes it
-- unique, and nothing looks an upload up by key. The unique index cost every initiated file a 100-byte index entry,
-- its WAL and its upkeep.
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_s3_key_key;
