/**
 * The State Council's holiday schedules (国务院办公厅关于部分节假日安排的通知) this version
 * knows: public holidays on working days and the make-up working days (调休) on weekends.
 * Weekends that are holidays anyway are listed too, so the calendar reads as published.
 * Seeded into the server's work calendar (server migration 20) and used by a laptop that has
 * not yet pulled one; later years are imported by an administrator (工作日历导入).
 */
export interface CalendarDay {
  date: string;
  type: 'holiday' | 'workday';
  name: string;
}

export interface CalendarYear {
  year: number;
  source: string;
  days: CalendarDay[];
}

const range = (from: string, to: string, name: string): CalendarDay[] => {
  const out: CalendarDay[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push({ date: d.toISOString().slice(0, 10), type: 'holiday', name });
  return out;
};
const work = (date: string, name: string): CalendarDay => ({ date, type: 'workday', name: `${name}调休上班` });

export const STATE_COUNCIL_CALENDARS: readonly CalendarYear[] = [
  {
    year: 2024,
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）',
    days: [
      ...range('2024-01-01', '2024-01-01', '元旦'),
      ...range('2024-02-10', '2024-02-17', '春节'), work('2024-02-04', '春节'), work('2024-02-18', '春节'),
      ...range('2024-04-04', '2024-04-06', '清明节'), work('2024-04-07', '清明节'),
      ...range('2024-05-01', '2024-05-05', '劳动节'), work('2024-04-28', '劳动节'), work('2024-05-11', '劳动节'),
      ...range('2024-06-10', '2024-06-10', '端午节'),
      ...range('2024-09-15', '2024-09-17', '中秋节'), work('2024-09-14', '中秋节'),
      ...range('2024-10-01', '2024-10-07', '国庆节'), work('2024-09-29', '国庆节'), work('2024-10-12', '国庆节'),
    ],
  },
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
    days: [
      ...range('2025-01-01', '2025-01-01', '元旦'),
      ...range('2025-01-28', '2025-02-04', '春节'), work('2025-01-26', '春节'), work('2025-02-08', '春节'),
      ...range('2025-04-04', '2025-04-06', '清明节'),
      ...range('2025-05-01', '2025-05-05', '劳动节'), work('2025-04-27', '劳动节'),
      ...range('2025-05-31', '2025-06-02', '端午节'),
      ...range('2025-10-01', '2025-10-08', '国庆节、中秋节'), work('2025-09-28', '国庆节'), work('2025-10-11', '国庆节'),
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）',
    days: [
      ...range('2026-01-01', '2026-01-03', '元旦'), work('2026-01-04', '元旦'),
      ...range('2026-02-15', '2026-02-23', '春节'), work('2026-02-14', '春节'), work('2026-02-28', '春节'),
      ...range('2026-04-04', '2026-04-06', '清明节'),
      ...range('2026-05-01', '2026-05-05', '劳动节'), work('2026-05-09', '劳动节'),
      ...range('2026-06-19', '2026-06-21', '端午节'),
      ...range('2026-09-25', '2026-09-27', '中秋节'),
      ...range('2026-10-01', '2026-10-07', '国庆节'), work('2026-09-20', '国庆节'), work('2026-10-10', '国庆节'),
    ],
  },
];
