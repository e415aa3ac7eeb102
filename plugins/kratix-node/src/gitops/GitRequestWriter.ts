import { ResourceRequest } from '@kratix-backstage/plugin-kratix-common';
import { stringify } from 'yaml';
import { SubmitRequestOptions, SubmitRequestResult } from '../platform/KratixPlatform';
import { LocalGitRepository } from './LocalGitRepository';
import { requestDocumentPath } from './requestPath';

/**
 * Writes request documents to a requests repository as commits, at
 * `<requestsPath>/<promise>/<namespace>/<name>.yaml`. Used by gitops and hybrid platforms.
 * @public
 */
export class GitRequestWriter {
  constructor(
    readonly repository: LocalGitRepository,
    private readonly requestsPath = 'requests',
  ) {}

  async submit(promise: string, request: ResourceRequest, options: SubmitRequestOptions = {}): Promise<SubmitRequestResult> {
    const { name, namespace } = request.metadata;
    const path = requestDocumentPath(this.requestsPath, promise, namespace, name);
    const document = stringify(request);
    const existing = await this.repository.readFile(path);
    const action = existing === undefined ? 'created' : existing === document ? 'unchanged' : 'updated';
    if (options.dryRun) return { action, path, document, dryRun: true };
    const verb = action === 'created' ? 'Request' : 'Update';
    const result = await this.repository.commit(
      [{ path, content: document }],
      `${verb} ${request.kind} ${namespace}/${name} (Promise ${promise})`,
      options.author,
    );
    return { action: result.changed ? action : 'unchanged', path, commit: result.sha, document, dryRun: false };
  }
}
