import { shouldSeedDemo } from './demo-seed.service.js';

describe('shouldSeedDemo: when the demo world is seeded', () => {
  it.each([
    [true, undefined, true],
    [true, true, true],
    [true, false, false],
    [false, undefined, false],
    [false, true, true],
    [false, false, false],
  ])('embedded=%s SEED_DEMO=%s → %s', (embedded, seedDemo, expected) => {
    expect(shouldSeedDemo({ embedded, seedDemo })).toBe(expected);
  });
});
