/** Attachment upload progress: how many bytes the server has confirmed, and whether it holds the whole file. */
export default /* sql */ `
ALTER TABLE attachments ADD COLUMN uploaded_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attachments ADD COLUMN uploaded INTEGER NOT NULL DEFAULT 0 CHECK (uploaded IN (0, 1));
CREATE INDEX attachments_to_upload ON attachments (uploaded, visit_id);
`;
