// The suite's permission policy in the stock app, as its guest (scripts/test-install.mjs):
// its own request, another team's request, a Marketplace install; each check passes when the
// backend answers the expected status.
import { EMBEDDED, GUEST, MARKETPLACE_PROMISE } from './config.mjs';
import { http, poll } from './http.mjs';

/**
 * A jenkins request the seed gives another team (its owner is not the guest), updated with a
 * spec jenkins' API accepts; expects `status`.
 */
export async function anotherTeamsUpdateCheck(
  { pass, fail },
  base,
  token,
  status,
  check,
) {
  try {
    let target;
    const why = await poll(async () => {
      const r = await http(
        `${base}/api/kratix/requests?platform=${EMBEDDED}&promise=jenkins`,
        { token },
      );
      if (r.status !== 200)
        return `GET /requests answered ${r.status} ${r.text.slice(0, 300)}`;
      target = (r.json?.items ?? []).find(
        i => i.owner && i.owner !== GUEST && !i.parent,
      );
      return target ? undefined : `no jenkins request of another owner`;
    }, 30_000);
    if (why) {
      fail(check, why);
      return;
    }
    const r = await http(
      `${base}/api/kratix/platforms/${EMBEDDED}/promises/jenkins/requests/${target.namespace}/${target.name}`,
      { token, method: 'PUT', body: { spec: { env: 'staging' } } },
    );
    const what = `PUT ${target.namespace}/${target.name} (owner ${target.owner}) answered ${r.status}`;
    if (r.status === status) {
      console.log(`   ${what}`);
      pass(check);
    } else fail(check, `${what}: ${r.text.slice(0, 300)}`);
  } catch (error) {
    fail(check, error.message);
  }
}

/** A Marketplace install of MARKETPLACE_PROMISE; expects `status`. */
export async function installCheck({ pass, fail }, base, token, status, check) {
  try {
    const r = await http(
      `${base}/api/kratix/platforms/${EMBEDDED}/marketplace/install`,
      { token, method: 'POST', body: { name: MARKETPLACE_PROMISE } },
    );
    if (r.status === status) {
      console.log(`   install answered ${r.status} ${r.text.slice(0, 160)}`);
      pass(check);
    } else fail(check, `answered ${r.status} ${r.text.slice(0, 300)}`);
  } catch (error) {
    fail(check, error.message);
  }
}

/** The guest's own request: created (the owner is the caller), then updated by its owner. */
export async function ownRequestCheck({ pass, fail }, base, token, check) {
  try {
    const path = `${base}/api/kratix/platforms/${EMBEDDED}/promises/jenkins/requests`;
    const created = await http(path, {
      token,
      method: 'POST',
      body: { namespace: 'team-install', name: 'own-ci', spec: { env: 'dev' } },
    });
    if (created.status !== 201) {
      fail(
        check,
        `POST answered ${created.status} ${created.text.slice(0, 300)}`,
      );
      return;
    }
    let updated;
    // The new request is read back from the repository before it can be updated.
    const why = await poll(async () => {
      updated = await http(`${path}/team-install/own-ci`, {
        token,
        method: 'PUT',
        body: { spec: { env: 'staging' } },
      });
      return updated.status === 404 ? 'not there yet' : undefined;
    }, 30_000);
    if (!why && updated.status === 200) pass(check);
    else
      fail(
        check,
        `PUT answered ${updated?.status} ${updated?.text.slice(0, 300)}`,
      );
  } catch (error) {
    fail(check, error.message);
  }
}
