import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { generateTemplate } from './generateTemplate';
import { schemaToFormSchema } from './schemaToFormSchema';

const options = { owner: 'group:default/platform-team' };
const promise = (file: string) => loadFixture<KratixPromise>(file);

describe('generateTemplate', () => {
  it('makes no Template for an API-less Promise', () => {
    expect(
      generateTemplate(
        'easyeaty',
        promise('promise-nginx-ingress.yaml'),
        options,
      ),
    ).toBeUndefined();
  });

  it('starts with name, namespace and owner under Kubernetes rules', () => {
    const template = generateTemplate(
      'easyeaty',
      promise('promise-jenkins.yaml'),
      options,
    )!;
    expect(template.metadata.name).toBe('easyeaty_jenkins-promise-template');
    expect(template.metadata.annotations).toEqual(
      expect.objectContaining({
        'backstage.io/managed-by-location': 'kratix:easyeaty',
        'kratix.io/promise-name': 'jenkins',
      }),
    );
    const [first] = (template.spec as any).parameters;
    expect(first.required).toEqual(['objname', 'objnamespace']);
    expect(first.properties.objname).toEqual(
      expect.objectContaining({
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        maxLength: 63,
      }),
    );
    expect(first.properties.objnamespace.default).toBe('default');
    expect(first.properties.owner['ui:field']).toBe('OwnerPicker');
  });

  it('carries every scalar constraint onto a Settings page', () => {
    const template = generateTemplate(
      'easyeaty',
      promise('promise-postgresql-legacy.yaml'),
      options,
    )!;
    const settings = (template.spec as any).parameters[1];
    expect(settings.title).toBe('Settings');
    expect(settings.required).toEqual(['teamId']);
    expect(settings.properties.teamId).toEqual(
      expect.objectContaining({
        type: 'string',
        pattern: '^[a-z][a-z0-9-]*$',
        description: expect.stringContaining('Team that owns'),
      }),
    );
    expect(settings.properties.instances).toEqual(
      expect.objectContaining({
        type: 'integer',
        minimum: 1,
        maximum: 5,
        default: 1,
      }),
    );
    expect(settings.properties.size).toEqual(
      expect.objectContaining({
        enum: ['small', 'medium', 'large'],
        default: 'small',
      }),
    );
    expect(settings.properties.dbName.maxLength).toBe(30);
    expect(settings.properties.databases).toEqual(
      expect.objectContaining({
        type: 'array',
        items: expect.objectContaining({
          type: 'object',
          required: ['name'],
          properties: expect.objectContaining({ owner: expect.any(Object) }),
        }),
      }),
    );
  });

  it('gives each object group a page and free-form maps a key/value editor', () => {
    const template = generateTemplate(
      'easyeaty',
      promise('promise-web-app.yaml'),
      options,
    )!;
    const pages = (template.spec as any).parameters;
    expect(pages.map((p: any) => p.title)).toEqual([
      'Request WebApp',
      'Settings',
      'database',
    ]);
    expect(pages[1].required).toEqual(['image']);
    expect(pages[2].properties.database.properties.enabled).toEqual(
      expect.objectContaining({ type: 'boolean', default: true }),
    );
    expect(pages[1].properties.env).toEqual(
      expect.objectContaining({
        type: 'object',
        additionalProperties: { type: 'string' },
      }),
    );
  });

  it('calls kratix:resource:request then kratix:resource:wait and links to the request', () => {
    const template = generateTemplate(
      'easyeaty',
      promise('promise-jenkins.yaml'),
      options,
    )!;
    const spec = template.spec as any;
    expect(spec.steps.map((s: any) => s.action)).toEqual([
      'kratix:resource:request',
      'kratix:resource:wait',
    ]);
    expect(spec.steps[0].input).toEqual({
      platform: 'easyeaty',
      promise: 'jenkins',
      name: '${{ parameters.objname }}',
      namespace: '${{ parameters.objnamespace }}',
      owner: '${{ parameters.owner }}',
      spec: {
        env: '${{ parameters["env"] }}',
        plugins: '${{ parameters["plugins"] }}',
        agents: '${{ parameters["agents"] }}',
      },
    });
    expect(spec.output.links[0].entityRef).toBe(
      '${{ steps.request.output.entityRef }}',
    );
    expect(spec.owner).toBe('group:default/platform-team');
  });

  it('asks for the cluster credentials only on a platform that writes as the user', () => {
    const plain = (
      generateTemplate('easyeaty', promise('promise-jenkins.yaml'), options)!
        .spec as any
    ).parameters[0];
    expect(Object.keys(plain.properties)).toEqual([
      'objname',
      'objnamespace',
      'owner',
    ]);
    const template = generateTemplate('rbac', promise('promise-jenkins.yaml'), {
      ...options,
      actAsUser: { authProvider: 'google' },
    })!;
    const spec = template.spec as any;
    expect(spec.parameters[0].properties.clusterCredentials).toEqual({
      title: 'Cluster credentials',
      type: 'string',
      'ui:field': 'KratixClusterCredentials',
      'ui:options': { platform: 'rbac' },
      'ui:backstage': { review: { show: false } },
    });
    // Not required, and not a step input: the token travels as a task secret.
    expect(spec.parameters[0].required).toEqual(['objname', 'objnamespace']);
    expect(JSON.stringify(spec.steps)).not.toContain('clusterCredentials');
  });

  it('keeps spec fields that clash with generated fields apart', () => {
    const p = promise('promise-jenkins.yaml');
    p.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec.properties!.owner =
      { type: 'string' };
    const spec = generateTemplate('easyeaty', p, options)!.spec as any;
    expect(spec.parameters[1].properties.spec_owner).toBeDefined();
    expect(spec.steps[0].input.spec.owner).toBe(
      '${{ parameters["spec_owner"] }}',
    );
  });
});

describe('schemaToFormSchema', () => {
  it('handles int-or-string, nullable and titles', () => {
    expect(
      schemaToFormSchema({ 'x-kubernetes-int-or-string': true }, 'port'),
    ).toEqual({
      title: 'port',
      type: 'string',
      description: 'A number or a string.',
    });
    expect(
      schemaToFormSchema({ type: 'string', nullable: true }, 'dbName').type,
    ).toEqual(['string', 'null']);
    expect(
      schemaToFormSchema(
        { type: 'object', additionalProperties: { type: 'integer' } },
        'limits',
      ).additionalProperties,
    ).toEqual({
      type: 'integer',
    });
  });

  it('says a pattern in words, keeps the pattern as help, and examples as placeholders', () => {
    const field = schemaToFormSchema(
      {
        type: 'string',
        description: 'Team id.',
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        example: 'team-a',
      } as any,
      'teamId',
    );
    expect(field.description).toBe(
      "Team id. Allowed: lower-case letters, digits and '-'; starts and ends with a letter or digit.",
    );
    expect(field['ui:help']).toBe('Pattern: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
    expect(field['ui:placeholder']).toBe('team-a');
  });
});

describe('generateTemplate with property names that are not identifiers', () => {
  it('maps every property with bracket access, so the step gets its value', () => {
    const p = promise('promise-jenkins.yaml');
    const schema =
      p.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec!;
    schema.properties = {
      'job-template-name': { type: 'string' },
      'max.size': { type: 'integer' },
      limits: {
        type: 'object',
        properties: { 'cpu-count': { type: 'integer' } },
      },
    };
    schema.required = [];
    const template = generateTemplate('easyeaty', p, options)!;
    const spec = (template.spec as any).steps[0].input.spec;
    expect(spec).toEqual({
      'job-template-name': '${{ parameters["job-template-name"] }}',
      'max.size': '${{ parameters["max.size"] }}',
      limits: '${{ parameters["limits"] }}',
    });
    // The form keeps the names as written, nested ones too.
    const pages = (template.spec as any).parameters;
    expect(Object.keys(pages[1].properties)).toEqual([
      'job-template-name',
      'max.size',
    ]);
    expect(pages[2].properties.limits.properties['cpu-count']).toEqual({
      title: 'cpu-count',
      type: 'integer',
    });
  });
});
