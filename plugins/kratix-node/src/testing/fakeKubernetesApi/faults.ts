import { REASONS, status } from './responses';

/** A fault to inject into the next matching requests. @public */
export interface FakeFault {
  /** The HTTP status to answer with; 0 to answer normally (after `delayMs`). */
  status: number;
  /** How many requests fail; Infinity until cleared. */
  times: number;
  /** Only requests whose method and path match. */
  method?: string;
  /** Only requests whose path and query contain this text. */
  pathIncludes?: string;
  /** Wait this long before answering (a slow server); with status 0, answer normally after it. */
  delayMs?: number;
  /**
   * The error's message quotes the request's bearer token (a misbehaving server or proxy):
   * its Authorization header, and the token clear, URL-encoded and in base64, so a test can
   * show none of them leaves the client.
   */
  echoToken?: boolean;
}

/** Faults injected into the next matching requests, each used up as it answers. */
export class Faults {
  private readonly pending: FakeFault[] = [];

  add(fault: FakeFault): void {
    this.pending.push({ ...fault });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /**
   * Applies the first fault matching a request: waits its delay, then answers with its
   * status; undefined when none matches or it answers normally (status 0).
   */
  async answer(request: Request, url: URL): Promise<Response | undefined> {
    const fault = this.pending.find(
      f =>
        f.times > 0 &&
        (!f.method || f.method === request.method) &&
        (!f.pathIncludes ||
          `${url.pathname}${url.search}`.includes(f.pathIncludes)),
    );
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.delayMs) await new Promise(r => setTimeout(r, fault.delayMs));
    if (!fault.status) return undefined;
    const header = request.headers.get('authorization') ?? '';
    const token = header.replace(/^Bearer\s+/i, '');
    return status(
      fault.status,
      REASONS[fault.status] ?? 'Unknown',
      fault.echoToken
        ? `injected fault: HTTP ${
            fault.status
          } for ${header} (token ${token}, URL-encoded ${encodeURIComponent(
            token,
          )}, base64 ${Buffer.from(token).toString('base64')})`
        : `injected fault: HTTP ${fault.status}`,
    );
  }
}
