/** Where a visit came from: typed on this laptop, or pulled from the server (a supervisor's read-only copy). */
export default /* sql */ `
ALTER TABLE visits ADD COLUMN origin TEXT NOT NULL DEFAULT 'local' CHECK (origin IN ('local', 'server'));
`;
