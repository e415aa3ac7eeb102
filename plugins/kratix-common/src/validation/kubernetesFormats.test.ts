import { createKubernetesAjv } from './kubernetesAjv';

const ajv = createKubernetesAjv();
const accepts = (format: string, value: string) =>
  ajv.validate({ type: 'string', format }, value);

describe('Kubernetes formats', () => {
  it.each([
    ['date-time', '2026-03-16T11:52:06Z'],
    ['date-time', '2026-03-16T11:52:06.123+01:00'],
    ['date-time', '2026-03-16T11:52:06'],
    ['datetime', '2026-03-16 11:52'],
    ['date', '2026-03-16'],
    ['duration', '1h30m'],
    ['duration', '1.5s'],
    ['duration', '2d'],
    ['uuid', '6b1f3c1e-2a55-4c39-9e4a-0d3c1c7a9a01'],
    ['uuid', '6b1f3c1e2a554c399e4a0d3c1c7a9a01'],
    ['uuid4', '6b1f3c1e-2a55-4c39-9e4a-0d3c1c7a9a01'],
    ['cidr', '10.0.0.0/16'],
    ['cidr', 'fd00::/8'],
    ['mac', '00:1a:2b:3c:4d:5e'],
    ['hexcolor', '#ff00aa'],
    ['rgbcolor', 'rgb(255, 0, 10)'],
    ['byte', 'aGVsbG8='],
    ['email', 'team@example.com'],
    ['hostname', 'db.example.com'],
    ['ipv4', '10.1.2.3'],
    ['uri', 'https://example.com/x'],
    ['bsonobjectid', '507f1f77bcf86cd799439011'],
    ['password', 'anything at all'],
  ])('%s accepts %p', (format, value) => {
    expect(accepts(format, value)).toBe(true);
  });

  it.each([
    ['date-time', 'tomorrow'],
    ['date', '2026-13-01'],
    ['duration', 'soon'],
    ['uuid', 'not-a-uuid'],
    ['uuid3', '6b1f3c1e-2a55-4c39-9e4a-0d3c1c7a9a01'],
    ['cidr', '10.0.0.0'],
    ['hexcolor', 'red'],
    ['byte', 'not base64!'],
    ['email', 'nobody'],
    ['ipv4', '300.1.1.1'],
  ])('%s rejects %p', (format, value) => {
    expect(accepts(format, value)).toBe(false);
  });
});
