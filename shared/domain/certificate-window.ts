/** The warning windows an officer may choose for expiring certificates (no schema library: the XLSX worker reads it). */
export const CERTIFICATE_WARNING_DAYS = [30, 60, 90, 180] as const;
export const DEFAULT_CERTIFICATE_WARNING_DAYS = 90;
