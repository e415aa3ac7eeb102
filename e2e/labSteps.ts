/*
 * Steps on the second platform the suite starts with, `lab`: a kubernetes platform on the
 * fake platform cluster (fakePlatform.ts), where workflows can be suspended and Kratix's
 * DryRun runs, neither of which the embedded gitops default has.
 */
import { Page } from 'playwright-core';
import { LAB } from './app';
import { reloadUntil } from './reloadUntil';
import { guestToken } from './walk';

type Step = {
  name: string;
  run: (page: Page, baseUrl: string) => Promise<void>;
};

const SUSPENDED = 'kratix.io/workflow-suspended';

/** A request's entity page, Kratix tab (entities are named platform_promise_namespace_name). */
const requestTab = (
  baseUrl: string,
  promise: string,
  namespace: string,
  name: string,
) =>
  `${baseUrl}/catalog/default/component/${LAB}_${promise}_${namespace}_${name}/kratix`;

/** The labels of a lab request, as the backend reads them from the cluster. */
async function labelsOf(
  promise: string,
  namespace: string,
  name: string,
): Promise<Record<string, string>> {
  const response = await fetch(
    `http://localhost:7007/api/kratix/platforms/${LAB}/promises/${promise}/requests/${namespace}/${name}`,
    { headers: { Authorization: `Bearer ${await guestToken()}` } },
  );
  if (!response.ok)
    throw new Error(`reading ${namespace}/${name} answered ${response.status}`);
  const detail = (await response.json()) as {
    request?: { metadata?: { labels?: Record<string, string> } };
  };
  return detail.request?.metadata?.labels ?? {};
}

export const labSteps: Step[] = [
  {
    name: 'resume a suspended pipeline on a kubernetes platform',
    run: async (page, baseUrl) => {
      // The fixtures' redis request team-checkout/sessions, suspended by its approval
      // pipeline the way Kratix HEAD marks it (the label, the pipeline's phase and message).
      if (
        (await labelsOf('redis', 'team-checkout', 'sessions'))[SUSPENDED] !==
        'true'
      )
        throw new Error(
          `sessions is not labelled ${SUSPENDED}: nothing to resume`,
        );
      const resume = page.getByRole('button', { name: 'Resume suspended' });
      await reloadUntil(
        page,
        requestTab(baseUrl, 'redis', 'team-checkout', 'sessions'),
        () => resume,
        120_000,
        'the suspended request lab redis team-checkout/sessions never offered Resume suspended',
      );
      await page
        .getByText(/^Suspended \(WorkflowSuspended\)/)
        .first()
        .waitFor();
      const approval = page
        .getByRole('list', { name: 'Pipelines' })
        .getByRole('listitem', { name: 'approval' });
      await approval.getByText('approval: Suspended').waitFor();
      await approval
        .getByText('Suspended: Waiting for manual approval')
        .waitFor();
      await resume.click();
      await page
        .getByText(/Resumed the suspended workflow of/)
        .first()
        .waitFor({ timeout: 30_000 });
      // Kratix (here the fake cluster) runs the workflow on: the page follows it live.
      await approval
        .getByText('approval: Succeeded')
        .waitFor({ timeout: 60_000 });
      await resume.waitFor({ state: 'detached' });
      if (await page.getByText(/^Suspended/).count())
        throw new Error('the page still says the request is suspended');
      if (SUSPENDED in (await labelsOf('redis', 'team-checkout', 'sessions')))
        throw new Error(`${SUSPENDED} is still on the request`);
    },
  },
  {
    name: "preview an update with Kratix's DryRun and read its diff",
    run: async (page, baseUrl) => {
      const update = page.getByRole('button', { name: 'Update', exact: true });
      await reloadUntil(
        page,
        requestTab(baseUrl, 'jenkins', 'team-checkout', 'ci'),
        () => update,
        120_000,
        'lab jenkins team-checkout/ci never offered Update',
      );
      await update.click();
      const dialog = page.getByRole('dialog', {
        name: 'Update team-checkout/ci',
      });
      // The dialog opens on a form of the Promise's spec schema, with the current spec.
      await dialog.getByLabel(/^Agents/).fill('3', { timeout: 30_000 });
      await dialog
        .getByRole('button', { name: 'Preview', exact: true })
        .click();
      await dialog
        .getByRole('table', { name: 'Changes to the spec' })
        .getByText('agents', { exact: false })
        .first()
        .waitFor({ timeout: 30_000 });
      await dialog
        .getByRole('button', { name: "Preview with Kratix's DryRun" })
        .click();
      // What the fake DryRun controller wrote: the pipeline's jenkins-instance.yaml with 3
      // agents against the 2 the request's live Work holds.
      const pipeline = dialog.getByRole('region', {
        name: 'Pipeline instance-configure',
      });
      await pipeline
        .getByText('0 added · 1 modified · 0 removed')
        .waitFor({ timeout: 60_000 });
      const file = pipeline.getByRole('region', {
        name: 'jenkins-instance.yaml',
      });
      await file.getByText('Modified:').waitFor();
      // The diff is in the dialog's scrolled content: in view for the step's screenshot.
      await file.scrollIntoViewIfNeeded();
      const diff = await file.innerText();
      for (const line of ['-  agents: 2', '+  agents: 3'])
        if (!diff.includes(line))
          throw new Error(`the diff lacks "${line}":\n${diff}`);
    },
  },
];
