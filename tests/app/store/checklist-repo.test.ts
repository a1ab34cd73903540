import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { checklistCellId } from '../../../src/core/model/checklist.ts';
import { activeCatalogue, setCell } from '../../../src/app/store/checklist-repo.ts';
import { residentsOf } from '../../../src/app/store/households-repo.ts';
import { addFamily, closeAll, setUpPhone } from '../helpers.ts';

afterEach(closeAll);

describe('checklist: an item done implies another', () => {
  it('VNeID level 2 done on the grid sets the VNeID account done too, once, in the same write', async () => {
    const { db, member } = await setUpPhone();
    const h = await addFamily(db);
    const [pao] = (await residentsOf(db, h.id)).filter((r) => r.label === 'Lò Văn Páo');
    const items = new Map((await activeCatalogue(db)).map((i) => [i.id, i]));
    const before = await db.outbox.count();
    await setCell(db, { household: h, resident: pao, item: items.get('vneid-l2')! }, 'done', member);
    expect((await db.checklist.get(checklistCellId('vneid', pao.id)))?.state).toBe('done');
    const out = (await db.outbox.orderBy('seq').toArray()).slice(before);
    expect(out.map((e) => [e.name, e.args.itemId, e.args.state])).toEqual([
      ['checklist.set', 'vneid-l2', 'done'],
      ['checklist.set', 'vneid', 'done'],
    ]);
    // Already done: nothing more to write. Level 2 in progress implies nothing.
    await setCell(db, { household: h, resident: pao, item: items.get('vneid-l2')! }, 'done', member);
    await setCell(db, { household: h, resident: pao, item: items.get('vneid-l2')! }, 'in-progress', member);
    const later = (await db.outbox.orderBy('seq').toArray()).slice(before + 2);
    expect(later.map((e) => e.args.itemId)).toEqual(['vneid-l2', 'vneid-l2']);
    expect((await db.checklist.get(checklistCellId('vneid', pao.id)))?.state).toBe('done');
  });
});
