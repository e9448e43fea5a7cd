import { create } from 'zustand';
import type { SyncStatus } from '../../../shared/api/contract';
import { call } from '../api';
import { bridge } from '../bridge';

interface SyncState {
  status: SyncStatus | null;
  busy: boolean;
  syncNow(): Promise<void>;
}

export const useSync = create<SyncState>((set) => ({
  status: null,
  busy: false,
  async syncNow() {
    set({ busy: true });
    try {
      set({ status: await call('sync.now') });
    } finally {
      set({ busy: false });
    }
  },
}));

bridge.on('sync.status', (status) => useSync.setState({ status }));
void call('sync.status').then((status) => useSync.setState({ status }));
// The OS says the network is back: try at once instead of waiting out the backoff.
window.addEventListener('online', () => void useSync.getState().syncNow());
