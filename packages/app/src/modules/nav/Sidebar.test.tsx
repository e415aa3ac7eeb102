import { createApp } from '@backstage/frontend-defaults';
import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';
import { fireEvent, render, screen } from '@testing-library/react';
import { navModule } from '.';

describe('Sidebar', () => {
  const env = process.env;
  afterEach(() => {
    process.env = env;
  });

  it('lists the Kratix page', async () => {
    process.env = {
      ...env,
      APP_CONFIG: [
        { data: { app: { title: 'Test' }, backend: { baseUrl: 'http://localhost:7007' } }, context: 'test' },
      ] as any,
    };
    // The built app discovers the plugin from package.json (app.packages: all); a test has
    // no discovery, so the feature is passed the way discovery passes it.
    const app = createApp({ features: [kratixPlugin, navModule] });
    render(app.createRoot());
    fireEvent.click(await screen.findByRole('button', { name: 'Enter' }));
    expect(await screen.findByRole('link', { name: /Kratix/ })).toHaveAttribute('href', '/kratix');
  });
});
