import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportTasksCsv } from '../../../lib/csv/export';
import { newTask, type Task } from '../../../lib/tasks/types';

const task = (id: number, fields: Partial<Task> = {}): Task => ({
  ...newTask({ title: 'Call', dueAt: Date.UTC(2026, 11, 3, 1, 0), type: 'call', createdBy: 'sidebar' }, { id: 1, owner: 'alex' }, Date.UTC(2026, 11, 1)),
  id,
  ...fields,
});

describe('tasks CSV export', () => {
  it('writes one row per task with its contact, dates in the zone, done as yes/no, and neutralises formulas', () => {
    const csv = exportTasksCsv([task(1, { done: 1, doneAt: Date.UTC(2026, 11, 2, 9, 30), notes: '=HYPERLINK("x")' }), task(2, { contactId: 9, title: '+1 call' })], {
      contacts: new Map([[1, { email: 'dana@acme.com', name: 'Dana' }]]),
      headers: { title: 'Title' },
      timeZone: 'Asia/Tokyo',
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = Papa.parse<string[]>(csv.slice(1).trim(), { newline: '\r\n' }).data;
    expect(rows[0]).toEqual(['Title', 'type', 'dueAt', 'owner', 'contactEmail', 'contactName', 'done', 'doneAt', 'snoozedUntil', 'notes', 'createdAt', 'createdBy']);
    expect(rows[1]).toEqual(['Call', 'call', '2026-12-03 10:00', 'alex', 'dana@acme.com', 'Dana', 'yes', '2026-12-02 18:30', '', `'=HYPERLINK("x")`, '2026-12-01 09:00', 'sidebar']);
    expect(rows[2].slice(0, 7)).toEqual([`'+1 call`, 'call', '2026-12-03 10:00', 'alex', '', '', 'no']);
  });
});
