import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** A pull request as the fake host keeps it. @public */
export interface FakePullRequest {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  html_url: string;
  /** The owner of the repository the head branch is in (a fork's, or the repository's own). */
  headOwner: string;
}

/** A running fake of GitHub's pulls API. @public */
export interface FakeGithubPulls {
  /** Base URL to give GithubPullRequests (`http://127.0.0.1:<port>/api/v3`). */
  apiBaseUrl: string;
  pulls: FakePullRequest[];
  /** Calls answered, by method. */
  calls: { GET: number; POST: number };
  /** Closes the open pull request from `head` (merged or not: the host says closed). */
  close(head: string): void;
  /** Opens a pull request from a fork's branch `head` (owner `forkOwner`). */
  openFromFork(head: string, forkOwner: string): void;
  /** Answers the next `times` calls with this HTTP status. */
  fail(status: number, times?: number): void;
  stop(): Promise<void>;
}

/**
 * Starts a real HTTP server answering the part of GitHub's REST API the suite calls: list
 * open pull requests (filtered by `head=<owner>:<branch>`, paged by `per_page`/`page`) and
 * create one (422 when one from that head is open), behind a bearer token. Several backends
 * can share it, as replicas share one git host.
 * @public
 */
export async function startFakeGithubPulls(options: {
  owner: string;
  repo: string;
  token: string;
}): Promise<FakeGithubPulls> {
  const pulls: FakePullRequest[] = [];
  const calls = { GET: 0, POST: 0 };
  let failures: { status: number; times: number } | undefined;
  const path = `/api/v3/repos/${options.owner}/${options.repo}/pulls`;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const asGithub = (p: FakePullRequest) => ({
    number: p.number,
    html_url: p.html_url,
    state: p.state,
    title: p.title,
    body: p.body,
    head: { ref: p.head, label: `${p.headOwner}:${p.head}` },
    base: { ref: p.base },
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== path)
      return answer(res, 404, { message: 'Not Found' });
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return answer(res, 401, { message: 'Bad credentials' });
    if (failures && failures.times > 0) {
      failures.times--;
      return answer(res, failures.status, { message: 'Failing on purpose' });
    }
    if (req.method === 'GET') {
      calls.GET++;
      const head = url.searchParams.get('head')?.split(':')[1];
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const open = pulls.filter(
        p =>
          p.state === 'open' &&
          (!head ||
            (p.head === head &&
              p.headOwner === url.searchParams.get('head')!.split(':')[0])),
      );
      return answer(
        res,
        200,
        open.slice((page - 1) * perPage, page * perPage).map(asGithub),
      );
    }
    if (req.method === 'POST') {
      calls.POST++;
      let text = '';
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text) as {
        head: string;
        base: string;
        title: string;
        body: string;
      };
      if (
        pulls.some(
          p =>
            p.state === 'open' &&
            p.head === body.head &&
            p.headOwner === options.owner,
        )
      )
        return answer(res, 422, {
          message: 'Validation Failed',
          errors: [
            { message: `A pull request already exists for ${body.head}` },
          ],
        });
      const number = pulls.length + 1;
      const pull: FakePullRequest = {
        ...body,
        number,
        state: 'open',
        headOwner: options.owner,
        html_url: `https://github.test/${options.owner}/${options.repo}/pull/${number}`,
      };
      pulls.push(pull);
      return answer(res, 201, asGithub(pull));
    }
    return answer(res, 405, { message: 'Method Not Allowed' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(error =>
      answer(res, 500, { message: String(error) }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiBaseUrl: `http://127.0.0.1:${port}/api/v3`,
    pulls,
    calls,
    close(head) {
      for (const p of pulls) if (p.head === head) p.state = 'closed';
    },
    openFromFork(head, forkOwner) {
      const number = pulls.length + 1;
      pulls.push({
        number,
        head,
        base: 'main',
        title: `From ${forkOwner}`,
        body: '',
        state: 'open',
        html_url: `https://github.test/${options.owner}/${options.repo}/pull/${number}`,
        headOwner: forkOwner,
      });
    },
    fail(status, times = 1) {
      failures = { status, times };
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
