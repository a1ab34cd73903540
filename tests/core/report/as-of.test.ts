import { describe, expect, it } from 'vitest';
import { recordAt, type RecordHistory } from '../../../src/core/report/as-of.ts';
import { formatHlc } from '../../../src/core/sync/hlc.ts';

const h = (ms: number, node = 'dev-a') => formatHlc({ ms, counter: 0, node });

describe('a record as it stood at an instant', () => {
  const cell: RecordHistory = {
    id: 'vneid@r1',
    // Today: declined (written at 300), created at 100.
    current: { row: { id: 'vneid@r1', itemId: 'vneid', state: 'declined' }, clocks: { state: h(300) } },
    writes: [
      { hlc: h(100), data: { id: 'vneid@r1', itemId: 'vneid', state: 'in-progress' } },
      { hlc: h(200), data: { id: 'vneid@r1', itemId: 'vneid', state: 'done' } },
      { hlc: h(300), data: { id: 'vneid@r1', itemId: 'vneid', state: 'declined' } },
      // Arrived last, lost today to 300, but was what the cell said from 250 on.
      { hlc: h(250, 'dev-b'), data: { id: 'vneid@r1', itemId: 'vneid', state: 'na' } },
    ],
  };
  it('takes the newest write stamped before the instant, whether it won today or not', () => {
    expect(recordAt(cell, 100)).toBeUndefined();
    expect(recordAt(cell, 101)?.state).toBe('in-progress');
    expect(recordAt(cell, 201)?.state).toBe('done');
    expect(recordAt(cell, 251)?.state).toBe('na');
    expect(recordAt(cell, 301)?.state).toBe('declined');
  });
  it('gives a field written only later its default', () => {
    const household: RecordHistory = {
      id: 'h1',
      current: { row: { id: 'h1', villageId: 'v', removed: true, flags: [] }, clocks: { headName: h(100), removed: h(500) } },
      writes: [{ hlc: h(100), data: { id: 'h1', villageId: 'v' } }],
    };
    expect(recordAt(household, 200, { removed: false, flags: [] })).toMatchObject({ removed: false });
    expect(recordAt(household, 501, { removed: false, flags: [] })).toMatchObject({ removed: true });
  });
  it('knows a record no longer stored from its writes alone', () => {
    expect(recordAt({ id: 'x', writes: [{ hlc: h(10), data: { id: 'x', state: 'done' } }] }, 11)).toEqual({ id: 'x', state: 'done' });
  });
});
