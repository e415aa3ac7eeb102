import { parse } from 'yaml';
import { examples as installExamples } from './promiseInstall.examples';
import { examples as waitExamples } from './resourceWait.examples';

describe('action examples', () => {
  it.each([...waitExamples, ...installExamples].map(e => [e.description, e.example]))('%s is a valid steps list', (_d, example) => {
    const parsed = parse(example);
    expect(parsed.steps[0].action).toMatch(/^kratix:/);
    expect(parsed.steps[0].input.platform).toBeTruthy();
  });
});
