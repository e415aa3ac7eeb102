/*
 * What a credential scan needs: the forms a secret can leak in, computed here rather than
 * taken from the scrubber (a form the scrubber forgot must still be found), a count of them
 * over captured texts, and a logger that keeps everything a log line would carry.
 */

/** A credential the code under test holds, by the name the figures give it. */
export interface ScannedSecret {
  name: string;
  value: string;
  /** Users it is sent with in HTTP Basic auth (git sends `x-access-token:<token>`). */
  basicUsers?: string[];
}

/**
 * Every form the secret is looked for in: clear, URL-encoded, base64 and base64url of the
 * secret itself and of each Basic `user:secret` pair.
 */
export function leakForms(secret: ScannedSecret): string[] {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const b64url = (text: string) => Buffer.from(text).toString('base64url');
  const encoded = [
    secret.value,
    ...(secret.basicUsers ?? []).map(u => `${u}:${secret.value}`),
  ];
  return [
    ...new Set([
      secret.value,
      encodeURIComponent(secret.value),
      ...encoded.flatMap(t => [b64(t), b64(t).replace(/=+$/, ''), b64url(t)]),
    ]),
  ];
}

/** Occurrences of any form of the secret in the texts (one per occurrence of a form). */
export function countLeaks(texts: string[], secret: ScannedSecret): number {
  const forms = leakForms(secret);
  let found = 0;
  for (const text of texts) {
    // The unpadded base64 is a prefix of the padded one: count each place once.
    const places = new Set<number>();
    for (const form of forms) {
      for (
        let at = text.indexOf(form);
        at >= 0;
        at = text.indexOf(form, at + 1)
      )
        places.add(at);
    }
    found += places.size;
  }
  return found;
}

export {
  capturingLogger,
  inspectEverything as everything,
} from '@kratix-backstage/plugin-kratix-node/testUtils';
