// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../../src/app/i18n/i18n.ts';
import { offerUpdate, reloadWhenClean } from '../../../src/app/pwa/pwa.ts';
import { UpdateBanner } from '../../../src/app/shell/UpdateBanner.tsx';
import { setDirty } from '../../../src/app/ui/dirty.ts';

afterEach(() => {
  cleanup();
  setDirty('form', false);
});

describe('update banner', () => {
  it('offers the new version, but not while a form holds unsaved input', async () => {
    await initI18n('vi');
    const update = vi.fn(async () => undefined);
    render(<UpdateBanner />);
    expect(screen.queryByText('Có phiên bản mới — cập nhật')).toBeNull();
    setDirty('form', true);
    offerUpdate(update);
    await screen.findByText('Có phiên bản mới — cập nhật');
    expect(screen.getByText('Hãy lưu hoặc huỷ biểu mẫu đang nhập, rồi cập nhật.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cập nhật ngay' })).toBeNull();
    setDirty('form', false);
    fireEvent.click(await screen.findByRole('button', { name: 'Cập nhật ngay' }));
    expect(update).toHaveBeenCalledTimes(1);
  });

  it('reloads for a version another tab applied only once the form is saved or left', () => {
    const reload = vi.fn();
    setDirty('form', true);
    reloadWhenClean(reload);
    expect(reload).not.toHaveBeenCalled();
    setDirty('form', false);
    expect(reload).toHaveBeenCalledTimes(1);
    setDirty('form', true);
    setDirty('form', false);
    expect(reload).toHaveBeenCalledTimes(1);
    reloadWhenClean(reload);
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
