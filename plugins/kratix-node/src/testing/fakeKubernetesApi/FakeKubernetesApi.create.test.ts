import { fakeUnderTest, jenkins } from './fakeApiTestKit';

const { fake, call } = fakeUnderTest();

describe('FakeKubernetesApi: create', () => {
  const path = (ns = 'team-checkout') =>
    `/apis/marketplace.kratix.io/v1alpha1/namespaces/${ns}/jenkins`;
  const post = (body: unknown, ns?: string, query = '') =>
    call(`${path(ns)}${query}`, {
      method: 'POST',
      body: JSON.stringify(body),
    });

  it('sets uid, resourceVersion, generation and a real creationTimestamp', async () => {
    const before = Date.now();
    const res = await post({
      ...jenkins('stamped'),
      metadata: {
        name: 'stamped',
        uid: 'mine',
        creationTimestamp: '1970-01-01T00:00:00Z',
      },
      status: { message: 'ignored' },
    });
    expect(res.status).toBe(201);
    const meta = res.body.metadata;
    expect(meta.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(meta.namespace).toBe('team-checkout');
    expect(meta.generation).toBe(1);
    expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(meta.creationTimestamp)).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000,
    );
    expect(res.body.status).toBeUndefined();
    const generated = await post({
      ...jenkins(''),
      metadata: { generateName: 'gen-' },
    });
    expect(generated.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('answers 400 when apiVersion or kind do not match the URL', async () => {
    const wrongVersion = await post({
      ...jenkins('v'),
      apiVersion: 'marketplace.kratix.io/v1',
    });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body).toEqual(
      expect.objectContaining({
        reason: 'BadRequest',
        message:
          'the API version in the data (marketplace.kratix.io/v1) does not match the expected API version (marketplace.kratix.io/v1alpha1)',
      }),
    );
    const wrongKind = await post({ ...jenkins('k'), kind: 'Jenkins' });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.message).toContain('must be of type jenkins');
    const noKind = await post({ ...jenkins('n'), kind: undefined });
    expect(noKind.status).toBe(400);
    expect(noKind.body.message).toContain("Object 'Kind' is missing");
    const otherNamespace = await post(jenkins('o', 'team-orders'));
    expect(otherNamespace.status).toBe(400);
  });

  it('answers 404 for a namespace that does not exist', async () => {
    const res = await post(jenkins('lost', 'team-nowhere'), 'team-nowhere');
    expect(res).toEqual({
      status: 404,
      body: expect.objectContaining({
        reason: 'NotFound',
        message: 'namespaces "team-nowhere" not found',
      }),
    });
    fake.ensureNamespace('team-nowhere');
    expect(
      (await post(jenkins('found', 'team-nowhere'), 'team-nowhere')).status,
    ).toBe(201);
  });

  it('answers 422 for invalid labels, names and annotations, in Kubernetes wording', async () => {
    const res = await post({
      ...jenkins('labelled'),
      metadata: {
        name: 'labelled',
        labels: { 'backstage.io/owner': 'group:default/team a' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(
      expect.objectContaining({
        reason: 'Invalid',
        message:
          "jenkins.marketplace.kratix.io \"labelled\" is invalid: metadata.labels: Invalid value: \"group:default/team a\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        details: expect.objectContaining({
          name: 'labelled',
          group: 'marketplace.kratix.io',
          kind: 'jenkins',
          causes: [
            expect.objectContaining({
              reason: 'FieldValueInvalid',
              field: 'metadata.labels',
            }),
          ],
        }),
      }),
    );
    const badKey = await post({
      ...jenkins('k'),
      metadata: { name: 'k', labels: { 'bad key': 'x' } },
    });
    expect(badKey.body.message).toContain(
      'metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters',
    );
    const tooLong = await post({
      ...jenkins('l'),
      metadata: { name: 'l', labels: { a: 'x'.repeat(64) } },
    });
    expect(tooLong.body.message).toContain(
      'must be no more than 63 characters',
    );
    const badName = await post(jenkins('Not_A_Name'));
    expect(badName.status).toBe(422);
    expect(badName.body.message).toContain(
      'metadata.name: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain',
    );
    const noName = await post({ ...jenkins(''), metadata: {} });
    expect(noName.body.message).toContain(
      'metadata.name: Required value: name or generateName is required',
    );
    // Patches are checked the same way.
    const patched = await call(`${path()}/ci`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { 'a/b/c': 'x' } } }),
    });
    expect(patched.status).toBe(422);
  });

  it('answers 409 for an object that exists, and writes nothing on a dry run', async () => {
    expect((await post(jenkins('ci'))).body.reason).toBe('AlreadyExists');
    const dry = await post(jenkins('dry'), undefined, '?dryRun=All');
    expect(dry.status).toBe(201);
    expect((await call(`${path()}/dry`)).status).toBe(404);
  });
});
