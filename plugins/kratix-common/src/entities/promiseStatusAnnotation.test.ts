import {
  formatPromiseStatusAnnotation,
  parsePromiseStatusAnnotation,
} from './promiseStatusAnnotation';

describe('the Promise status annotation', () => {
  it('is compact JSON of availability then version', () => {
    expect(
      formatPromiseStatusAnnotation({
        availability: 'Available',
        version: 'v1.2.0',
      }),
    ).toBe('{"availability":"Available","version":"v1.2.0"}');
    expect(formatPromiseStatusAnnotation({ availability: 'Unknown' })).toBe(
      '{"availability":"Unknown"}',
    );
  });

  it('reads back its own shape and the Kratix status shape', () => {
    expect(
      parsePromiseStatusAnnotation('{"availability":"Paused","version":"v1"}'),
    ).toEqual({
      availability: 'Paused',
      version: 'v1',
    });
    expect(parsePromiseStatusAnnotation('{"status":"Unavailable"}')).toEqual({
      availability: 'Unavailable',
    });
    expect(parsePromiseStatusAnnotation('{"status":"Exploded"}')).toEqual({
      availability: 'Unknown',
    });
  });

  it('reads nothing from absent or malformed values', () => {
    expect(parsePromiseStatusAnnotation(undefined)).toBeUndefined();
    expect(parsePromiseStatusAnnotation('Available')).toBeUndefined();
    expect(parsePromiseStatusAnnotation('[1]')).toBeUndefined();
  });
});
