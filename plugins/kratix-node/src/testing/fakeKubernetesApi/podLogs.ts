import { HttpResponse } from 'msw';
import { Obj } from './model';
import { status } from './responses';
import { Route } from './routing';

/** Containers' log text, served at `pods/<name>/log` as the kubelet would. */
export class PodLogs {
  private readonly logs = new Map<string, string>();

  set(namespace: string, pod: string, container: string, text: string): void {
    this.logs.set(`${namespace}/${pod}/${container}`, text);
  }

  /** `GET .../pods/<name>/log` with `container` and `tailLines`. */
  serve(url: URL, route: Route, pod: Obj | undefined): Response {
    if (!pod)
      return status(404, 'NotFound', `pods "${route.name}" not found`, {
        name: route.name,
        kind: 'pods',
      });
    const names = (list: unknown) =>
      (Array.isArray(list) ? list : []).map((c: { name: string }) => c.name);
    const containers = names(pod.spec?.containers);
    const inits = names(pod.spec?.initContainers);
    let container = url.searchParams.get('container') ?? undefined;
    if (!container) {
      if (containers.length !== 1)
        return status(
          400,
          'BadRequest',
          `a container name must be specified for pod ${
            route.name
          }, choose one of: [${containers.join(' ')}]${
            inits.length
              ? ` or one of the init containers: [${inits.join(' ')}]`
              : ''
          }`,
        );
      container = containers[0];
    }
    if (![...containers, ...inits].includes(container))
      return status(
        400,
        'BadRequest',
        `container ${container} is not valid for pod ${route.name}`,
      );
    const text = this.logs.get(`${route.namespace}/${route.name}/${container}`);
    if (text === undefined)
      return status(
        400,
        'BadRequest',
        `container "${container}" in pod "${route.name}" is waiting to start: ContainerCreating`,
      );
    const tail = url.searchParams.get('tailLines');
    let out = text;
    if (tail !== null) {
      const lines = text.split('\n');
      const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
      out =
        lines.slice(Math.max(0, lines.length - Number(tail))).join('\n') +
        (trailing !== undefined && Number(tail) > 0 ? '\n' : '');
    }
    return new HttpResponse(out, { headers: { 'content-type': 'text/plain' } });
  }
}
