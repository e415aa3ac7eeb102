import { KratixPromise } from '../model';
import { loadFixture } from '../__testUtils__/fixtures';
import { promiseDisplay, promiseToEntity } from '../entities';
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
      'Database',
      'Preview',
    ]);
    expect(pages[1].required).toEqual(['image']);
    expect(pages[2].properties.database.properties.enabled).toEqual(
      expect.objectContaining({ type: 'boolean', default: true }),
    );
    // `env` preserves unknown fields: any values, nested ones too, through the editor.
    expect(pages[1].properties.env).toEqual({
      title: 'Env',
      type: 'object',
      'ui:field': 'KratixKeyValueField',
      errorMessage: {
        type: 'Must be keys and values: correct the entries marked above',
      },
    });
    // The step hands the editor's object to the action as it is.
    expect((template.spec as any).steps[0].input.spec.env).toBe(
      '${{ parameters["env"] }}',
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
    // The preview reads the renamed field back under the property's own name.
    const preview = spec.parameters.at(-1).properties.dryRunPreview;
    expect(preview['ui:options'].specFields.owner).toBe('spec_owner');
  });

  it('ends with a Preview page whose DryRun field reads the spec the request step sends', () => {
    const spec = generateTemplate(
      'easyeaty',
      promise('promise-jenkins.yaml'),
      options,
    )!.spec as any;
    const last = spec.parameters.at(-1);
    expect(last.title).toBe('Preview');
    expect(last.required).toBeUndefined();
    expect(last.properties).toEqual({
      dryRunPreview: {
        title: 'DryRun preview',
        type: 'string',
        'ui:field': 'KratixDryRunPreview',
        'ui:options': {
          platform: 'easyeaty',
          promise: 'jenkins',
          // The jenkins fixture's CRD: group marketplace.kratix.io, storage version v1alpha1.
          apiVersion: 'marketplace.kratix.io/v1alpha1',
          kind: 'jenkins',
          specFields: { env: 'env', plugins: 'plugins', agents: 'agents' },
        },
        'ui:backstage': { review: { show: false } },
      },
    });
    // Each spec property comes from the same form key in the step and in the preview.
    const { specFields } = last.properties.dryRunPreview['ui:options'];
    for (const [property, field] of Object.entries(specFields))
      expect(spec.steps[0].input.spec[property]).toBe(
        `\${{ parameters[${JSON.stringify(field)}] }}`,
      );
    // The field holds no value, so no step reads it.
    expect(JSON.stringify(spec.steps)).not.toContain('dryRunPreview');
  });
});

describe('schemaToFormSchema', () => {
  it('handles int-or-string, nullable and titles', () => {
    expect(
      schemaToFormSchema({ 'x-kubernetes-int-or-string': true }, 'port'),
    ).toEqual({
      title: 'Port',
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

  it('says a pattern in words, never the pattern itself, and keeps examples as placeholders', () => {
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
    expect(field['ui:help']).toBeUndefined();
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
      title: 'Cpu count',
      type: 'integer',
    });
  });
});

describe('generated forms: free-form objects', () => {
  it('gives a typed map the key/value editor and keeps its value schema and description', () => {
    expect(
      schemaToFormSchema(
        {
          type: 'object',
          description: 'Labels to put on the database.',
          additionalProperties: { type: 'string' },
        },
        'labels',
      ),
    ).toEqual({
      title: 'Labels',
      type: 'object',
      description: 'Labels to put on the database.',
      additionalProperties: { type: 'string' },
      'ui:field': 'KratixKeyValueField',
      errorMessage: {
        type: 'Must be keys and values: correct the entries marked above',
      },
    });
  });

  it('uses the editor for free-form objects nested in a group page and in list items', () => {
    const p = promise('promise-jenkins.yaml');
    const schema =
      p.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec!;
    schema.properties = {
      database: {
        type: 'object',
        properties: {
          parameters: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
      sidecars: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
      },
    };
    schema.required = [];
    const pages = (generateTemplate('easyeaty', p, options)!.spec as any)
      .parameters;
    expect(pages[2].properties.database.properties.parameters['ui:field']).toBe(
      'KratixKeyValueField',
    );
    expect(pages[1].properties.sidecars.items['ui:field']).toBe(
      'KratixKeyValueField',
    );
  });

  it('gives a Promise that accepts any spec one editor for all of it', () => {
    const p = promise('promise-jenkins.yaml');
    p.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec = {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    };
    const spec = generateTemplate('easyeaty', p, options)!.spec as any;
    expect(spec.parameters[1].properties.spec_extra).toEqual(
      expect.objectContaining({
        title: 'Fields',
        type: 'object',
        'ui:field': 'KratixKeyValueField',
      }),
    );
    expect(spec.steps[0].input.spec).toBe('${{ parameters.spec_extra }}');
    expect(
      spec.parameters.at(-1).properties.dryRunPreview['ui:options'],
    ).toEqual(expect.objectContaining({ specObjectField: 'spec_extra' }));
  });
});

describe('generated forms: enum defaults', () => {
  it('keeps the default of an enum, top-level and nested, so the select starts on it', () => {
    const settings = (
      generateTemplate('easyeaty', promise('promise-jenkins.yaml'), options)!
        .spec as any
    ).parameters[1];
    expect(settings.properties.env).toEqual(
      expect.objectContaining({
        type: 'string',
        enum: ['dev', 'staging', 'prod'],
        default: 'dev',
      }),
    );
    // A select needs no live check: it can only hold an allowed value.
    expect(settings.properties.env['ui:field']).toBeUndefined();
    const nested = schemaToFormSchema({
      type: 'object',
      properties: {
        size: { type: 'string', enum: ['small', 'large'], default: 'large' },
      },
    });
    expect((nested.properties as any).size.default).toBe('large');
  });

  it('types an enum that declares no type from its values', () => {
    expect(
      schemaToFormSchema({ enum: [1, 2, 3], default: 2 } as any, 'replicas'),
    ).toEqual(
      expect.objectContaining({ type: 'number', enum: [1, 2, 3], default: 2 }),
    );
  });
});

describe('generated forms: error wording', () => {
  it('words every constraint of a field for the form, and checks it while typing', () => {
    const settings = (
      generateTemplate(
        'easyeaty',
        promise('promise-postgresql-legacy.yaml'),
        options,
      )!.spec as any
    ).parameters[1];
    expect(settings.properties.teamId).toEqual(
      expect.objectContaining({
        'ui:field': 'KratixTextField',
        errorMessage: {
          pattern:
            "Must be lower-case letters, digits and '-'; starts with a letter",
        },
      }),
    );
    expect(settings.properties.instances).toEqual(
      expect.objectContaining({
        'ui:field': 'KratixTextField',
        errorMessage: {
          type: 'Must be a whole number',
          minimum: 'Must be at least 1',
          maximum: 'Must be at most 5',
        },
      }),
    );
    expect(settings.properties.dbName.errorMessage).toEqual({
      maxLength: 'Must be no more than 30 characters',
    });
  });

  it('checks the request name live with the same words it shows after Next', () => {
    const first = (
      generateTemplate('easyeaty', promise('promise-jenkins.yaml'), options)!
        .spec as any
    ).parameters[0];
    expect(first.properties.objname).toEqual(
      expect.objectContaining({
        'ui:field': 'KratixTextField',
        'ui:autofocus': true,
        errorMessage: {
          pattern:
            "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
          maxLength: 'Must be no more than 63 characters',
        },
      }),
    );
  });

  it("turns OpenAPI's boolean exclusive bounds into draft-7 numbers", () => {
    const field = schemaToFormSchema(
      {
        type: 'number',
        minimum: 0,
        exclusiveMinimum: true,
        maximum: 1,
        exclusiveMaximum: false,
      } as any,
      'ratio',
    );
    expect(field).toEqual(
      expect.objectContaining({ exclusiveMinimum: 0, maximum: 1 }),
    );
    expect(field.minimum).toBeUndefined();
    expect(field.exclusiveMaximum).toBeUndefined();
    expect(field.errorMessage).toEqual({
      type: 'Must be a number',
      exclusiveMinimum: 'Must be greater than 0',
      maximum: 'Must be at most 1',
    });
  });

  it('leaves a pattern JavaScript cannot compile to the API server', () => {
    const field = schemaToFormSchema(
      { type: 'string', pattern: '^(?i)[a-z]+$' },
      'code',
    );
    expect(field.pattern).toBeUndefined();
    expect(JSON.stringify(field)).not.toContain('[a-z]');
  });

  it('leaves unconstrained fields to the standard widgets', () => {
    expect(schemaToFormSchema({ type: 'string' }, 'image')).toEqual({
      title: 'Image',
      type: 'string',
    });
    expect(schemaToFormSchema({ type: 'integer' }, 'port')).toEqual({
      title: 'Port',
      type: 'integer',
    });
  });
});

describe('generated template output', () => {
  it('shows the request document the request step outputs, in a YAML block', () => {
    const output = (
      generateTemplate('easyeaty', promise('promise-jenkins.yaml'), options)!
        .spec as any
    ).output;
    expect(output.text).toContainEqual({
      title: 'Request document',
      content: '```yaml\n${{ steps.request.output.document }}\n```',
    });
  });
});

describe('generated forms: labels and patterns in words', () => {
  /** Every string of a Template but the `pattern` keywords the form checks values with. */
  const textOf = (node: unknown, key = ''): string[] => {
    if (key === 'pattern') return [];
    if (typeof node === 'string') return [node];
    if (Array.isArray(node)) return node.flatMap(item => textOf(item));
    if (node && typeof node === 'object')
      return Object.entries(node).flatMap(([k, v]) => textOf(v, k));
    return [];
  };

  it("labels each field with the schema's title, else its name in words", () => {
    const p = promise('promise-postgresql-legacy.yaml');
    const spec = p.spec.api!.spec!.versions!.find(v => v.storage)!.schema!
      .openAPIV3Schema!.properties!.spec!;
    spec.properties!.size.title = 'Instance size';
    const settings = (generateTemplate('easyeaty', p, options)!.spec as any)
      .parameters[1];
    const titles = Object.fromEntries(
      Object.entries(settings.properties).map(([key, value]: any) => [
        key,
        value.title,
      ]),
    );
    expect(titles).toEqual({
      teamId: 'Team id',
      instances: 'Instances',
      size: 'Instance size',
      dbName: 'Db name',
      databases: 'Databases',
    });
    expect(settings.properties.databases.items.properties.owner.title).toBe(
      'Owner',
    );
  });

  it('says a pattern it has no words for from the title and description, and never prints the expression', () => {
    const p = promise('promise-jenkins.yaml');
    const spec =
      p.spec.api!.spec!.versions![0].schema!.openAPIV3Schema!.properties!.spec!;
    const patterns = ['^CC-[0-9]{4}$', '^[a-z][a-z0-9-]*$'];
    spec.properties = {
      costCentre: {
        type: 'string',
        description: 'The finance code of the team, such as CC-1234.',
        pattern: patterns[0],
      },
      teamId: { type: 'string', pattern: patterns[1] },
      tags: { type: 'array', items: { type: 'string', pattern: patterns[0] } },
    };
    const template = generateTemplate('easyeaty', p, options)!;
    const settings = (template.spec as any).parameters[1];
    expect(settings.properties.costCentre).toEqual({
      title: 'Cost centre',
      type: 'string',
      description: 'The finance code of the team, such as CC-1234.',
      pattern: '^CC-[0-9]{4}$',
      errorMessage: {
        pattern:
          'Must be a valid Cost centre: The finance code of the team, such as CC-1234',
      },
      'ui:field': 'KratixTextField',
    });
    expect(settings.properties.teamId.errorMessage.pattern).toBe(
      "Must be lower-case letters, digits and '-'; starts with a letter",
    );
    expect(settings.properties.tags.items.errorMessage.pattern).toBe(
      'Must be a valid value',
    );
    // The name and namespace of the first page say theirs in words too, after Next as well.
    const first = (template.spec as any).parameters[0];
    expect(first.properties.objnamespace.errorMessage).toEqual({
      pattern:
        "Must be lower-case letters, digits and '-'; starts and ends with a letter or digit",
      maxLength: 'Must be no more than 63 characters',
    });
    // Nowhere in the Template's text but the keyword the form checks with.
    const text = textOf(template).join('\n');
    for (const pattern of [...patterns, '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'])
      expect(text).not.toContain(pattern);
    expect(text).not.toMatch(/pattern/i);
  });
});

describe('generateTemplate and promiseToEntity', () => {
  const platform = { name: 'easyeaty', title: 'EasyEaty' };
  const displayOf = (entity: { metadata: Record<string, unknown> }) => ({
    title: entity.metadata.title,
    description: entity.metadata.description,
  });

  it.each([
    ['a Promise that says nothing of itself', {}],
    [
      'a Promise with a display name and a description',
      {
        'kratix-backstage.io/display-name': 'Jenkins CI',
        'kratix-backstage.io/description': 'A Jenkins for your team.',
      },
    ],
    [
      'a Promise described by the Backstage annotation',
      { 'backstage.io/description': 'CI server.' },
    ],
  ])(
    'gives the Template the title and description of the entity: %s',
    (_, annotations) => {
      const p = promise('promise-jenkins.yaml');
      p.metadata.annotations = { ...p.metadata.annotations, ...annotations };
      const entity = promiseToEntity(platform, p);
      const template = generateTemplate(platform, p, options)!;
      expect(displayOf(template)).toEqual(displayOf(entity));
      expect(displayOf(entity)).toEqual(promiseDisplay(platform, p));
    },
  );

  it("takes the API's description when no annotation gives one", () => {
    const p = promise('promise-postgresql-legacy.yaml');
    p.spec.api!.spec!.versions!.find(
      v => v.storage,
    )!.schema!.openAPIV3Schema!.properties!.spec!.description =
      'A PostgreSQL database.';
    expect(displayOf(generateTemplate(platform, p, options)!)).toEqual({
      title: 'postgresql',
      description: 'A PostgreSQL database.',
    });
    expect(displayOf(promiseToEntity(platform, p)).description).toBe(
      'A PostgreSQL database.',
    );
  });

  it('names the Promise by its display name on the first page and in the output link', () => {
    const p = promise('promise-jenkins.yaml');
    p.metadata.annotations = {
      ...p.metadata.annotations,
      'kratix-backstage.io/display-name': 'Jenkins CI',
    };
    const spec = generateTemplate(platform, p, options)!.spec as any;
    expect(spec.parameters[0].description).toBe(
      'A jenkins from the Jenkins CI Promise on platform EasyEaty.',
    );
    expect(spec.output.links[1].title).toBe('Jenkins CI Promise');
  });
});
