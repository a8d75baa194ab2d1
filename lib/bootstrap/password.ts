import { randomInt } from 'crypto';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGIT = '23456789';
// Specials that survive shells, URLs, YAML and MySQL option files unquoted.
const SPECIAL = '#%+-.:=@^_';

/**
 * A MySQL HeatWave admin password: 8-32 characters with at least one lower-case letter, one upper-case
 * letter, one digit and one special character (OCI's rule), not containing the user name.
 */
export function generateDbPassword(adminUsername: string, length = 24): string {
  if (length < 8 || length > 32) throw new Error('password length must be 8-32');
  for (;;) {
    const chars = [LOWER, UPPER, DIGIT, SPECIAL].map((set) => set[randomInt(set.length)]);
    const all = LOWER + UPPER + DIGIT + SPECIAL;
    while (chars.length < length) chars.push(all[randomInt(all.length)]);
    for (let i = chars.length - 1; i > 0; i--) { // Fisher-Yates with a CSPRNG
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    // MySQL also rejects a password that starts with a special character in some clients' option parsing.
    if (SPECIAL.includes(chars[0])) continue;
    const pw = chars.join('');
    if (!pw.toLowerCase().includes(adminUsername.toLowerCase())) return pw;
  }
}

/** OCI's MySQL admin password rule, used to check a password read back from the vault. */
export function isValidDbPassword(pw: string, adminUsername: string): boolean {
  return pw.length >= 8 && pw.length <= 32 && /[a-z]/.test(pw) && /[A-Z]/.test(pw) && /[0-9]/.test(pw) && /[^A-Za-z0-9]/.test(pw)
    && !pw.toLowerCase().includes(adminUsername.toLowerCase());
}
