// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { startWithSample } from '../../../../src/app/store/first-run.ts';
import { AppDb } from '../../../../src/app/store/db.ts';
import { createHousehold } from '../../../../src/app/store/households-repo.ts';
import { MEMBER_KEY } from '../../../../src/app/store/member.ts';
import type { Member } from '../../../../src/core/model/people.ts';
import { renderApp } from '../render.tsx';

// jsdom has no modal <dialog>: the dialog's content is in the page but not shown, so it is found with hidden: true.

// The team leader's merge tools on the household screen: a likely duplicate is offered for merging, asked first,
// and queued as household.merge; a household merged here this month can be split back out (household.unmerge);
// a plain member sees none of it (the server would refuse them anyway).
const dbs: AppDb[] = [];
afterEach(async () => {
  cleanup();
  for (const db of dbs.splice(0)) await db.delete();
});

const twoOfOneHouse = async (role: 'leader' | 'member') => {
  const db = new AppDb(`merge-${Math.random().toString(36).slice(2)}`);
  dbs.push(db);
  const member = await startWithSample(db, { displayName: 'Lò Thị Hoa', villageIds: ['v-na-pong'] });
  await db.meta.put({ key: MEMBER_KEY, value: { ...member, role } });
  const a = await createHousehold(db, 'v-na-pong', { headName: 'Quàng Văn Sử', houseLabel: 'Số 12', phone: '0912000111', flags: [], notes: '' }, [{ label: 'Quàng Văn Sử', birthYear: 1970, sex: 'm' }]);
  const b = await createHousehold(db, 'v-na-pong', { headName: 'Quàng Văn Sủ', houseLabel: 'Số 12', phone: '', flags: [], notes: '' }, [{ label: 'Quàng Văn Sủ', birthYear: 1970, sex: 'm' }]);
  return { db, a, b };
};

describe('merge panel (team leader)', () => {
  it('offers the likely duplicate, asks, and queues household.merge keeping this household', async () => {
    const { db, a, b } = await twoOfOneHouse('leader');
    await renderApp(`/households/${a.id}`, db);
    await screen.findByRole('heading', { level: 2, name: 'Hộ có thể bị nhập trùng' });
    expect(screen.getByText(/cùng tên chủ hộ, cùng địa chỉ/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Gộp vào hộ này' }));
    await screen.findByRole('heading', { name: 'Gộp hai hộ?', hidden: true });
    expect(screen.getByText(/Giữ hộ Quàng Văn Sử · Số 12\. Nhân khẩu, lượt hỗ trợ/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Gộp hộ', hidden: true }));
    await waitFor(async () => expect((await db.outbox.toArray()).some((e) => e.name === 'household.merge')).toBe(true));
    const entry = (await db.outbox.toArray()).find((e) => e.name === 'household.merge')!;
    expect(entry.args).toEqual({ id: b.id, villageId: 'v-na-pong', keepId: a.id });
    await screen.findByText(`Đã lưu yêu cầu gộp hộ ${b.headName}. Việc gộp xong khi điện thoại đồng bộ.`);
  });

  it('a household merged here this month can be split back out (household.unmerge)', async () => {
    const { db, a, b } = await twoOfOneHouse('leader');
    // As a pull brings it after the server applied the merge.
    await db.households.update(b.id, { removed: true, mergedInto: a.id, mergeUndo: { keepId: a.id, at: Date.now() } });
    await renderApp(`/households/${a.id}`, db);
    await screen.findByText('Đã gộp vào hộ này trong tháng (có thể hoàn tác):');
    fireEvent.click(screen.getByRole('button', { name: 'Hoàn tác gộp' }));
    await screen.findByRole('heading', { name: 'Hoàn tác gộp hộ?', hidden: true });
    fireEvent.click(screen.getByRole('button', { name: 'Hoàn tác', hidden: true }));
    await waitFor(async () => expect((await db.outbox.toArray()).find((e) => e.name === 'household.unmerge')?.args).toEqual({ id: b.id, villageId: 'v-na-pong', keepId: a.id }));
  });

  it('a member made team leader after joining gets the tools once the member records say so', async () => {
    const { db, a } = await twoOfOneHouse('member');
    const me = (await db.meta.get(MEMBER_KEY))!.value as Member;
    await db.members.put({ ...me, role: 'leader' });
    await renderApp(`/households/${a.id}`, db);
    await screen.findByRole('button', { name: 'Gộp vào hộ này' });
  });

  it('a merge from an earlier month offers no undo; a plain member sees no merge tools', async () => {
    const { db, a, b } = await twoOfOneHouse('leader');
    await db.households.update(b.id, { removed: true, mergedInto: a.id, mergeUndo: { keepId: a.id, at: Date.now() - 40 * 86_400_000 } });
    await renderApp(`/households/${a.id}`, db);
    await screen.findByRole('heading', { level: 1, name: 'Quàng Văn Sử' });
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByRole('button', { name: 'Hoàn tác gộp' })).toBeNull();
    cleanup();

    const plain = await twoOfOneHouse('member');
    await renderApp(`/households/${plain.a.id}`, plain.db);
    await screen.findByRole('heading', { level: 1, name: 'Quàng Văn Sử' });
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.queryByRole('button', { name: 'Gộp vào hộ này' })).toBeNull();
  });
});
