import { scrubSecrets, secretFormsOf } from './scrubSecrets';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('scrubSecrets', () => {
  const token = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';

  it('removes the secret as is and URL-encoded', () => {
    expect(scrubSecrets(`token ${token} in a message`, [token])).toBe(
      'token *** in a message',
    );
    const odd = 'p@ss/w0rd+&=';
    expect(
      scrubSecrets(`https://u:${encodeURIComponent(odd)}@host/x ${odd}`, [odd]),
    ).toBe('https://u:***@host/x ***');
  });

  it('removes base64 and base64url of the secret', () => {
    const text = `a ${b64(token)} b ${b64url(token)} c`;
    expect(scrubSecrets(text, [token])).toBe('a *** b *** c');
  });

  it.each(['x-access-token', 'oauth2', 'git'])(
    'removes the Basic auth pair %s:<secret> whole',
    user => {
      const header = `Authorization: Basic ${b64(`${user}:${token}`)}`;
      expect(scrubSecrets(header, [token])).toBe('Authorization: Basic ***');
    },
  );

  it.each(['someone', 'ab', 'a-much-longer-user-name', ''])(
    'leaves no trace of the secret in base64 of %p:<secret> or inside a longer encoded text',
    user => {
      for (const plain of [
        `${user}:${token}`,
        `${user}:${token} and more after it`,
        `${user}:${token}!`,
      ]) {
        for (const text of [b64(plain), b64url(plain)]) {
          const scrubbed = scrubSecrets(text, [token]);
          expect(scrubbed).toContain('***');
          // What is left encodes the text around the secret, plus at most a few characters
          // at each edge that mix a neighbouring byte with the secret's first or last bits.
          const around = Math.ceil(((plain.length - token.length) * 4) / 3);
          expect(scrubbed.replace('***', '').length).toBeLessThanOrEqual(
            around + 4,
          );
        }
      }
    },
  );

  it('ignores short and missing secrets and leaves clean text alone', () => {
    expect(
      scrubSecrets('git push origin main', ['git', 'main', '', undefined]),
    ).toBe('git push origin main');
    expect(secretFormsOf('short')).toEqual([]);
    expect(scrubSecrets('nothing secret here', [token])).toBe(
      'nothing secret here',
    );
  });

  it('scrubs several secrets at once, the longest forms first', () => {
    const other = 'client-key-data-LS0tLS1CRUdJTg';
    const text = `${token} ${b64(`x-access-token:${token}`)} ${other} ${b64(
      other,
    )}`;
    expect(scrubSecrets(text, [token, other])).toBe('*** *** *** ***');
    const forms = secretFormsOf(token);
    expect(forms).toEqual([...forms].sort((a, b) => b.length - a.length));
  });
});
