import { create } from 'zustand';
import type { SyncStatus } from '../../../shared/api/contract';
import { call } from '../api';
import { bridge } from '../bridge';

interface SyncState {
  status: SyncStatus | null;
  busy: boolean;
  /** The OS reports no network at all: said at once, without waiting for a probe. */
  osOffline: boolean;
  syncNow(): Promise<void>;
}

export const useSync = create<SyncState>((set) => ({
  status: null,
  busy: false,
  osOffline: !navigator.onLine,
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
window.addEventListener('online', () => {
  useSync.setState({ osOffline: false });
  void useSync.getState().syncNow();
});
window.addEventListener('offline', () => useSync.setState({ osOffline: true }));
