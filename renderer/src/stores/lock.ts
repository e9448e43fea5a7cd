import { create } from 'zustand';
import type { LockStatus } from '../../../shared/api/contract';
import { call, onScreenLocked } from '../api';

/** The idle lock as the main process holds it (it decides; this mirrors it for the screen). */
export const useLock = create<{ status: LockStatus | null; refresh(): Promise<void>; engage(): Promise<void> }>((set) => ({
  status: null,
  async refresh() {
    set({ status: await call('lock.status') });
  },
  async engage() {
    set({ status: await call('lock.engage') });
  },
}));

onScreenLocked(() => void useLock.getState().refresh());
void useLock.getState().refresh();
