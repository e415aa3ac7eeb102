import { md5Hex, workloadGroupFolder } from './md5';

describe('md5Hex', () => {
  it('matches known vectors', () => {
    expect(md5Hex('')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(md5Hex('abc')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(md5Hex('The quick brown fox jumps over the lazy dog')).toBe(
      '9e107d9d372bb6826bd81d3542a419d6',
    );
    expect(md5Hex('a'.repeat(100))).toBe('36a92cc94a9e0fa21f625f8bfb007adf');
  });

  it('names workload group folders as Kratix does', () => {
    expect(workloadGroupFolder('.')).toBe('5058f');
    expect(workloadGroupFolder()).toBe('5058f');
    expect(workloadGroupFolder('backstage')).toBe('5cfaf');
  });
});
