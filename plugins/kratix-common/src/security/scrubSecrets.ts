/**
 * Removing credentials from text that leaves a trust boundary (error messages, response
 * bodies, log lines). Pure and platform-neutral: no Buffer, so the frontend may use it too.
 */

/** Secrets shorter than this are not scrubbed: replacing them would mangle ordinary words. */
const MIN_SECRET_LENGTH = 6;

/** Usernames that git hosts pair with a token in HTTP Basic auth. */
const BASIC_USERNAMES = [
  'x-access-token',
  'oauth2',
  'git',
  'token',
  'x-token-auth',
  'x-oauth-basic',
];

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const toUrlSafe = (b64: string) =>
  b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * The characters of a base64 encoding that depend only on `secret`, whatever bytes come
 * before or after it, for each of the three positions it can start at within a 3-byte
 * group. This is what finds the secret inside `base64("<any user>:<secret>")` or inside a
 * longer encoded document, where the exact encoding cannot be computed.
 */
function base64Cores(secret: Uint8Array): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + secret.length);
    padded.set(secret, offset);
    const encoded = base64(padded).replace(/=+$/, '');
    // Leading characters that mix in the unknown bytes before the secret...
    const start = [0, 2, 3][offset];
    // ...and trailing ones that would mix in unknown bytes after it.
    const tail = padded.length % 3;
    const end = Math.floor(padded.length / 3) * 4 + (tail === 0 ? 0 : tail);
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

/**
 * Every form in which a secret may show up in text: as is, URL-encoded, base64 and
 * base64url, as the base64 of an HTTP Basic `user:secret` pair for the usernames git hosts
 * use, and as the base64 characters that only the secret determines (for any other
 * username, or the secret inside a longer encoded text). Longest first, so replacing them
 * in order never leaves part of a longer form behind. Empty for a secret too short to scrub.
 * @public
 */
export function secretFormsOf(secret: string): string[] {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return [];
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  const encodings = [
    secret,
    `${secret}:`,
    ...BASIC_USERNAMES.map(user => `${user}:${secret}`),
  ].map(t => base64(utf8(t)));
  for (const encoded of encodings) {
    forms.add(encoded);
    forms.add(encoded.replace(/=+$/, ''));
    forms.add(toUrlSafe(encoded));
  }
  for (const core of base64Cores(utf8(secret))) {
    // A core too short to be specific to the secret would match unrelated text.
    if (core.length < MIN_SECRET_LENGTH) continue;
    forms.add(core);
    forms.add(toUrlSafe(core));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every form of every secret (see {@link secretFormsOf}) in the text with `***`.
 * Secrets shorter than 6 characters are ignored.
 * @public
 */
export function scrubSecrets(
  text: string,
  secrets: Array<string | undefined>,
): string {
  const forms = [
    ...new Set(secrets.flatMap(s => (s ? secretFormsOf(s) : []))),
  ].sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of forms) out = out.split(form).join('***');
  return out;
}
