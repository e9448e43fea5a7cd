/**
 * The idle lock (等保 2.0: a session ends on timeout): after this many idle minutes the laptop
 * covers every screen until the account's password is typed; the bureau sets it on the server
 * (XUNLIAN_IDLE_LOCK_MINUTES, 0 = never) and the laptop learns it at sign-in.
 */
export const DEFAULT_IDLE_LOCK_MINUTES = 15;
/** Wrong passwords at the lock before the laptop signs its account out (its data stays). */
export const UNLOCK_ATTEMPTS = 5;
