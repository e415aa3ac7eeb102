import { scrubSecrets } from '@kratix-backstage/plugin-kratix-common';

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
      throw new Error(
        scrubSecrets(`GitHub API ${url.split('?')[0]} unreachable: ${reason}`, [
          token,
        ]),
      );
    }
  }

  /** The URL of the open pull request from `head`, if there is one. */
  async findOpen(head: string): Promise<string | undefined> {
    const token = await this.options.token();
    const url = `${this.options.apiBaseUrl.replace(/\/$/, '')}/repos/${
      this.options.owner
    }/${this.options.repo}/pulls?state=open&head=${encodeURIComponent(
      `${this.options.owner}:${head}`,
    )}`;
    const response = await this.call(
      url,
      {
        headers: {
          Accept: 'application/vnd.github+json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      token,
    );
    if (!response.ok) return undefined;
    const list = (await response.json()) as Array<{ html_url: string }>;
    return list[0]?.html_url;
  }

  /** Opens a pull request from `head` into `base`, or returns the one already open. */
  async open(
    head: string,
    base: string,
    title: string,
    body: string,
  ): Promise<string> {
    const token = await this.options.token();
    const headers: Record<string, string> = {
      Accept: 'application/vnd.github+json',
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    };
    const base_ = `${this.options.apiBaseUrl.replace(/\/$/, '')}/repos/${
      this.options.owner
    }/${this.options.repo}/pulls`;
    const created = await this.call(
      base_,
      {
        method: 'POST',
        headers,
        body: JSON.stringify({ title, head, base, body }),
      },
      token,
    );
    if (created.ok)
      return ((await created.json()) as { html_url: string }).html_url;
    if (created.status === 422) {
      // A pull request for this branch is already open: the push above updated it.
      const existing = await this.call(
        `${base_}?state=open&head=${encodeURIComponent(
          `${this.options.owner}:${head}`,
        )}`,
        { headers },
        token,
      );
      const list = existing.ok
        ? ((await existing.json()) as Array<{ html_url: string }>)
        : [];
      if (list[0]) return list[0].html_url;
    }
    throw new Error(
      `GitHub refused the pull request for ${head}: HTTP ${created.status}`,
    );
  }
}
