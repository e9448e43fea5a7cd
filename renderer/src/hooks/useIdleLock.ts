import { useEffect, useRef } from 'react';
import { useLock } from '../stores/lock';

const ACTIVITY = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart', 'focus'] as const;
/** How often idleness is looked at: the lock comes within this much of the bureau's minutes. */
const CHECK_MS = 5_000;

/**
 * Engages the idle lock after the bureau's idle minutes with no key, click, move or scroll in
 * this window. The main process holds the lock from then on; this only says when.
 */
export function useIdleLock(): void {
  const status = useLock((s) => s.status);
  const lastActivity = useRef(Date.now());
  useEffect(() => {
    const seen = () => (lastActivity.current = Date.now());
    ACTIVITY.forEach((type) => window.addEventListener(type, seen, { passive: true, capture: true }));
    return () => ACTIVITY.forEach((type) => window.removeEventListener(type, seen, { capture: true }));
  }, []);
  useEffect(() => {
    if (!status?.enabled || status.locked) return;
    lastActivity.current = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - lastActivity.current >= status.idleMinutes * 60_000) void useLock.getState().engage();
    }, CHECK_MS);
    return () => clearInterval(timer);
  }, [status?.enabled, status?.locked, status?.idleMinutes]);
}
