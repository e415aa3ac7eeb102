import { alertApiRef, coreApis } from '@backstage/frontend-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useNotify } from './useNotify';

function NotifyButton() {
  const notify = useNotify();
  return (
    <button
      onClick={() => {
        notify({ message: 'Saved', severity: 'success', display: 'transient' });
        notify({ message: 'Could not save', severity: 'error' });
      }}
    >
      notify
    </button>
  );
}

describe('useNotify', () => {
  it('posts toasts where the app provides the ToastApi, and no alert', async () => {
    const toast = { post: jest.fn(() => ({ close: jest.fn() })) };
    const alert = { post: jest.fn(), alert$: jest.fn() };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [coreApis.toast, toast],
          [alertApiRef, alert],
        ]}
      >
        <NotifyButton />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'notify' }));
    // AlertApi's migration guide: message → title, error → danger, transient → 5000 ms.
    expect(toast.post.mock.calls).toEqual([
      [{ title: 'Saved', status: 'success', timeout: 5000 }],
      [{ title: 'Could not save', status: 'danger', timeout: undefined }],
    ]);
    expect(alert.post).not.toHaveBeenCalled();
  });

  it('falls back to the AlertApi in a legacy app without the ToastApi', async () => {
    const alert = { post: jest.fn(), alert$: jest.fn() };
    await renderInTestApp(
      <TestApiProvider apis={[[alertApiRef, alert]]}>
        <NotifyButton />
      </TestApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'notify' }));
    expect(alert.post.mock.calls).toEqual([
      [{ message: 'Saved', severity: 'success', display: 'transient' }],
      [{ message: 'Could not save', severity: 'error' }],
    ]);
  });
});
