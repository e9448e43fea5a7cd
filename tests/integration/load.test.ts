import { describe, expect, it } from 'vitest';
import { runLoad } from '../fixtures/load-cluster';
import { TEST_DATABASE_URL } from '../fixtures/server-stores';

const LAPTOPS = Number(process.env.XUNLIAN_LOAD_LAPTOPS ?? 200);

/**
 * Two server instances on one PostgreSQL behind a round-robin proxy; 200 laptops (the real
 * sync engine, each its own SQLite store) push completed visits, a fifth with an
 * attachment, while 10 supervisors pull; one instance is SIGKILLed midway and restarted,
 * and later PostgreSQL (a cluster of the run's own) is stopped and started again.
 * Real processes, real sockets, loopback only, bounded by a deadline. Each laptop pushes 25
 * visits here (the kill and the restart still land mid-push); the load benchmark runs the same
 * cluster with 50 each and reports its figures.
 */
describe.skipIf(!TEST_DATABASE_URL)('load: 200 laptops, two instances, one killed midway, the database restarted', () => {
  it('every visit and attachment byte exactly once, no 500 at all, 503 only while the database was away, every outbox empty and agreeing', async () => {
    const report = await runLoad({ laptops: LAPTOPS, visitsPerLaptop: 25, attachmentEvery: 5, attachmentBytes: 12_000, supervisors: 10, killAt: 0.4, databaseRestartAt: 0.7, deadlineMs: 300_000 });
    console.log(JSON.stringify({ ...report, batchLatencies: report.batchLatencies.length }));
    expect(report.killed).toBe(true);
    expect(report.databaseRestarted).toBe(true);
    expect(report.serverRows).toEqual({ visits: report.visits, distinct: report.visits, attachmentsComplete: report.attachments, attachmentBytesOk: true });
    expect(report.laptopsSettled).toBe(LAPTOPS);
    expect(report.laptopsAgreeing).toBe(LAPTOPS);
    expect(report.supervisorsPulled.every((n) => n === report.visits)).toBe(true);
    const fiveHundreds = Object.entries(report.statuses).filter(([status]) => status.startsWith('5') && status !== '503');
    expect(fiveHundreds).toEqual([]); // the killed instance drops connections; it never answered 5xx, nor did the other
    expect(report.statuses['503'] ?? 0).toBeGreaterThan(0); // the database restart was felt, as "busy, try again"
    expect(report.outage503).toBeGreaterThan(0);
    expect(report.survivor5xx).toBe(0);
    expect(report.statuses.connectionFailed ?? 0).toBeGreaterThan(0); // the kill was felt
  }, 600_000);
});
