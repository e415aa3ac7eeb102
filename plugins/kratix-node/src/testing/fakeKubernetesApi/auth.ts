import { groupResource } from './model';
import { status } from './responses';
import type { Route } from './routing';

/**
 * What one request asks the authorizer, as Kubernetes' RBAC sees it: the verb (`get`,
 * `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`), the API
 * group ('' for core), the resource's plural and subresource, the namespace (undefined at
 * the cluster scope) and the object's name when the URL names one.
 * @public
 */
export interface FakeRequestAttributes {
  user: string;
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/**
 * A right granted to a token, like one RBAC rule bound to its user. Unset fields allow
 * everything: `{}` is cluster-admin. `resources` entries are `plural`, `plural.group`,
 * `plural/subresource`, `plural.group/subresource` or `*`; a subresource needs its own entry
 * (`promises` does not allow `promises/status`), as in RBAC. With `namespaces` the rule acts
 * like a RoleBinding in those namespaces: it allows nothing at the cluster scope (neither
 * cluster-scoped kinds nor lists across all namespaces).
 * @public
 */
export interface FakeGrant {
  /** The user the token authenticates as (named in 403 messages). */
  user?: string;
  verbs?: string[];
  resources?: string[];
  namespaces?: string[];
}

/** A policy function deciding one request; true allows it. @public */
export type FakePolicy = (request: FakeRequestAttributes) => boolean;

/** The token `kubeConfigFor(fake)` uses, known to every fake with full rights. @public */
export const FAKE_SERVICE_ACCOUNT_TOKEN = 'fake-service-account-token';

/** The user a service-account token of the fake authenticates as. @public */
export const FAKE_SERVICE_ACCOUNT_USER =
  'system:serviceaccount:backstage:kratix-backstage';

/** A known token: whom it authenticates as, and its rights. */
export interface Token {
  user: string;
  rules: Array<FakeGrant | FakePolicy>;
}

/** The tokens the API server knows (authentication) and their rights (authorization). */
export class Tokens {
  private readonly tokens = new Map<string, Token>();
  private users = 0;

  grant(token: string, rule: FakeGrant | FakePolicy): void {
    const known = this.tokens.get(token);
    const user =
      (typeof rule === 'object' ? rule.user : undefined) ??
      known?.user ??
      `user-${++this.users}`;
    this.tokens.set(token, { user, rules: [...(known?.rules ?? []), rule] });
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  knows(token: string): boolean {
    return this.tokens.has(token);
  }

  /** The token an `Authorization: Bearer` header carries, if the server knows it. */
  authenticate(authorization: string | null): Token | undefined {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
    return bearer ? this.tokens.get(bearer) : undefined;
  }
}

/** Whether any of a token's rules allows a request, as RBAC decides it. */
export function allowed(
  token: Token,
  attributes: FakeRequestAttributes,
): boolean {
  return token.rules.some(rule => {
    if (typeof rule === 'function') return rule(attributes);
    const { verb, group, resource, subresource, namespace } = attributes;
    if (rule.verbs && !rule.verbs.some(v => v === '*' || v === verb))
      return false;
    const full = subresource ? `${resource}/${subresource}` : resource;
    const qualified = subresource
      ? `${resource}.${group}/${subresource}`
      : `${resource}.${group}`;
    if (
      rule.resources &&
      !rule.resources.some(
        r => r === '*' || r === full || (group && r === qualified),
      )
    )
      return false;
    if (rule.namespaces && !(namespace && rule.namespaces.includes(namespace)))
      return false;
    return true;
  });
}

/** 403 with Kubernetes' RBAC message. */
export function forbidden(
  token: Token,
  route: Route,
  attributes: FakeRequestAttributes,
): Response {
  const scope = attributes.namespace
    ? `in the namespace "${attributes.namespace}"`
    : 'at the cluster scope';
  const gr = groupResource(route);
  const what = route.sub ? `${route.plural}/${route.sub}` : route.plural;
  return status(
    403,
    'Forbidden',
    `${gr}${route.name ? ` "${route.name}"` : ''} is forbidden: User "${
      token.user
    }" cannot ${attributes.verb} resource "${what}" in API group "${
      route.group
    }" ${scope}`,
    {
      ...(route.name && { name: route.name }),
      group: route.group,
      kind: route.plural,
    },
  );
}
