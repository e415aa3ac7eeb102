// HTTP against the stock app's running backend (scripts/test-install.mjs): a free port, a
// request with a Backstage token, and polling until a probe is satisfied.
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A request with an optional bearer token and JSON body: {status, text, json}. */
export async function http(
  url,
  { token, timeoutMs = 15_000, headers = {}, method = 'GET', body } = {},
) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, text, json };
}

/** Polls `probe` (returns undefined when satisfied, else why not) until `timeoutMs`. */
export async function poll(probe, timeoutMs, everyMs = 1_000) {
  const deadline = Date.now() + timeoutMs;
  let why;
  for (;;) {
    try {
      why = await probe();
    } catch (error) {
      why = error.message;
    }
    if (why === undefined || Date.now() > deadline) return why;
    await sleep(everyMs);
  }
}
