import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/** The agent options that decide who the client is and whom it trusts. */
const IDENTITY = [
  'ca',
  'cert',
  'key',
  'pfx',
  'passphrase',
  'rejectUnauthorized',
  'servername',
  'crl',
] as const;

/** How long an idle connection is kept for the next call. */
const IDLE_MS = 30_000;

/**
 * One keep-alive agent in place of the new one `KubeConfig.applyToHTTPSOptions` makes for
 * every call (without keep-alive): otherwise each list page opens a TCP connection, and
 * over HTTPS does a TLS handshake, of its own. The agent is made again when the TLS
 * settings change (a rotated client certificate); a proxy agent is used as given.
 * @internal
 */
export class ReusedAgent {
  private current?: { fingerprint: string; agent: http.Agent };

  /** The agent to send a call with, given the one the KubeConfig made for it. */
  for(made: http.Agent | undefined): http.Agent | undefined {
    if (!made) return made;
    const Kind = [https.Agent, http.Agent].find(k => made.constructor === k);
    if (!Kind) return made;
    const options = (made as http.Agent & { options: Record<string, unknown> })
      .options;
    const fingerprint = this.fingerprintOf(Kind === https.Agent, options);
    if (this.current?.fingerprint !== fingerprint) {
      this.current?.agent.destroy();
      this.current = {
        fingerprint,
        agent: new Kind({ ...options, keepAlive: true, timeout: IDLE_MS }),
      };
    }
    return this.current.agent;
  }

  /** A hash of the TLS settings, so telling a change needs no copy of a key. */
  private fingerprintOf(tls: boolean, options: Record<string, unknown>) {
    const hash = createHash('sha256').update(tls ? 'https' : 'http');
    for (const name of IDENTITY) {
      const value = options[name];
      hash.update(`\0${name}=`);
      if (value === undefined) continue;
      for (const part of Array.isArray(value) ? value : [value])
        hash.update(Buffer.isBuffer(part) ? part : String(part));
    }
    return hash.digest('hex');
  }
}
