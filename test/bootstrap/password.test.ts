import { generateDbPassword, isValidDbPassword } from '../../lib/bootstrap/password';

describe('generated MySQL admin password', () => {
  test('always satisfies the MySQL HeatWave rule and never contains the user name', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const pw = generateDbPassword('admin');
      expect(isValidDbPassword(pw, 'admin')).toBe(true);
      expect(pw).toHaveLength(24);
      expect(pw).toMatch(/^[A-Za-z0-9][A-Za-z0-9#%+\-.:=@^_]+$/);
      seen.add(pw);
    }
    expect(seen.size).toBe(500);
  });

  test('the rule check rejects what MySQL rejects', () => {
    expect(isValidDbPassword('short1A#', 'admin')).toBe(true);
    expect(isValidDbPassword('nouppercase1#', 'admin')).toBe(false);
    expect(isValidDbPassword('NoDigits#here', 'admin')).toBe(false);
    expect(isValidDbPassword('NoSpecial123', 'admin')).toBe(false);
    expect(isValidDbPassword('Has-Admin-123', 'admin')).toBe(false);
    expect(isValidDbPassword(`A1#${'a'.repeat(30)}`, 'admin')).toBe(false);
  });
});
