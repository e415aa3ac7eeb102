import { ServiceUnavailableError } from '@backstage/errors';
import { scrubSecrets } from '@kratix-backstage/plugin-kratix-common';

/** The most pages of open pull requests read in one listing (100 each). */
const MAX_PAGES = 50;

/** Opens pull requests on GitHub (or GitHub Enterprise) for request documents. @public */
export class GithubPullRequests {
  constructor(
    private readonly options: {
      /** https://api.github.com, or https://<host>/api/v3 for GitHub Enterprise. */
      apiBaseUrl: string;
      owner: string;
      repo: string;
      token: () => Promise<string | undefined>;
      fetch?: typeof fetch;
    },
  ) {}

  /** Parses `https://github.com/<owner>/<repo>(.git)` into owner and repo. */
  static parseRepoUrl(
    url: string,
  ): { host: string; owner: string; repo: string } | undefined {
    const match = /^https:\/\/([^/]+)\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(
      url,
    );
    return match
      ? { host: match[1], owner: match[2], repo: match[3] }
      : undefined;
  }

  private get pullsUrl(): string {
    return `${this.options.apiBaseUrl.replace(/\/$/, '')}/repos/${
      this.options.owner
    }/${this.options.repo}/pulls`;
  }

  private headers(token: string | undefined, json = false) {
    return {
      Accept: 'application/vnd.github+json',
      ...(json ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    };
  }

  /**
   * Calls the API. A failed fetch is rethrown as a fresh error with a scrubbed message: the
   * original's `cause` chain is the HTTP client's, and what it holds is not ours to vouch for.
   */
  private async call(
    url: string,
    init: RequestInit,
    token: string | undefined,
  ): Promise<Response> {
    const fetchFn = this.options.fetch ?? fetch;
    try {
      return await fetchFn(url, init);
    } catch (error) {
      const reason =
        (error as { cause?: { message?: string } })?.cause?.message ??
        (error as Error)?.message ??
        String(error);
      throw new ServiceUnavailableError(
        scrubSecrets(`GitHub API ${url.split('?')[0]} unreachable: ${reason}`, [
          token,
        ]),
      );
    }
  }

  /**
   * Reads a list of open pull requests. A refusal or an outage is an error, never "none open":
   * a proposal that cannot be seen must not be written over.
   */
  private async readOpen(
    query: string,
    token: string | undefined,
  ): Promise<{
    list: Array<{ html_url: string; head: { ref: string; label?: string } }>;
  }> {
    const url = `${this.pullsUrl}?state=open&per_page=100${query}`;
    const response = await this.call(
      url,
      { headers: this.headers(token) },
      token,
    );
    if (!response.ok)
      throw new ServiceUnavailableError(
        `GitHub API ${this.pullsUrl} answered HTTP ${response.status} when listing open pull requests`,
      );
    return {
      list: (await response.json()) as Array<{
        html_url: string;
        head: { ref: string; label?: string };
      }>,
    };
  }

  /** The URL of the open pull request from `head`, if there is one. */
  async findOpen(head: string): Promise<string | undefined> {
    const token = await this.options.token();
    const { list } = await this.readOpen(
      `&head=${encodeURIComponent(`${this.options.owner}:${head}`)}`,
      token,
    );
    return list[0]?.html_url;
  }

  /** Every open pull request whose head branch starts with `prefix`, by branch. */
  async listOpen(prefix: string): Promise<Map<string, string>> {
    const token = await this.options.token();
    const open = new Map<string, string>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { list } = await this.readOpen(`&page=${page}`, token);
      for (const pull of list) {
        // Only this repository's branches: a fork's branch of the same name is not ours.
        const ref = pull.head?.ref;
        if (
          ref?.startsWith(prefix) &&
          pull.head.label === `${this.options.owner}:${ref}`
        )
          open.set(ref, pull.html_url);
      }
      if (list.length < 100) return open;
    }
    return open;
  }

  /** Opens a pull request from `head` into `base`, or returns the one already open. */
  async open(
    head: string,
    base: string,
    title: string,
    body: string,
  ): Promise<string> {
    const token = await this.options.token();
    const created = await this.call(
      this.pullsUrl,
      {
        method: 'POST',
        headers: this.headers(token, true),
        body: JSON.stringify({ title, head, base, body }),
      },
      token,
    );
    if (created.ok)
      return ((await created.json()) as { html_url: string }).html_url;
    if (created.status === 422) {
      // A pull request for this branch is already open: the push above updated it.
      const existing = await this.findOpen(head);
      if (existing) return existing;
    }
    throw new ServiceUnavailableError(
      `GitHub refused the pull request for ${head}: HTTP ${created.status}; the branch is pushed, and writing the request again opens it`,
    );
  }
}
