/**
 * A firm's certificate may come from a diagnosis (issue 26): the visit that recorded it is
 * its source, kept with the certificate here and in the register.
 */
export default /* sql */ `
ALTER TABLE firm_certifications ADD COLUMN source_visit_id TEXT;
`;
