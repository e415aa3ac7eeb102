import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { kratixApiRef } from '../api/KratixApi';
import { fakeKratixApi } from '../__testUtils__/fakeKratixApi';
import { StoreFileList } from './StoreFiles';

const FILE =
  'state/eks/resources/team-checkout/jenkins/ci/instance-configure/5058f/jenkins-instance.yaml';

describe('StoreFileList', () => {
  it("shows a file's text the backend serves in a code block with a copy button", async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            kratixApiRef,
            fakeKratixApi({
              getStateStoreFile: async (_platform, path) => ({
                path,
                content: 'apiVersion: jenkins.io/v1alpha2\nkind: Jenkins\n',
                redacted: false,
              }),
            }),
          ],
        ]}
      >
        <StoreFileList platform="easyeaty" files={[FILE]} filesReadable />
      </TestApiProvider>,
    );
    fireEvent.click(
      screen.getByRole('button', {
        name: 'View YAML of jenkins-instance.yaml',
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: FILE });
    await waitFor(() =>
      expect(dialog).toHaveTextContent(
        'apiVersion: jenkins.io/v1alpha2 kind: Jenkins',
      ),
    );
    expect(
      within(dialog).getByRole('button', { name: 'Copy text' }),
    ).toBeInTheDocument();
    expect(dialog.querySelector('pre code')).not.toBeNull();
  });
});
