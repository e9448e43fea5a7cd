import dayjs from 'dayjs';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('HH:mm:ss') : '';
}
