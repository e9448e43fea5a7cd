import { create } from 'zustand';
import type { AppInfo } from '../../../shared/api/care';
import { call } from '../api';

/** The app's own facts: version, profile (real or demo), first run, whether it can restart itself. */
export const useAppInfo = create<{ info: AppInfo | null; refresh(): Promise<void> }>((set) => ({
  info: null,
  async refresh() {
    set({ info: await call('app.info') });
  },
}));

void useAppInfo.getState().refresh();
