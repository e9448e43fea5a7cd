import { create } from 'zustand';
import type { AccountStatus } from '../../../shared/api/contract';
import { call } from '../api';

/** Who is signed in on this laptop: the menu shows the review screen to supervisors and admins. */
export const useAccount = create<{ status: AccountStatus | null; refresh(): Promise<void> }>((set) => ({
  status: null,
  async refresh() {
    set({ status: await call('account.status') });
  },
}));

void useAccount.getState().refresh();
