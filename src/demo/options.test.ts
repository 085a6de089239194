import { describe, expect, it } from 'vitest';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { demoMessages } from './messages.ts';
import { DEMO_ACCOUNTS_DEFAULT, DEMO_ACCOUNTS_MAX, DEMO_AS_OF_DEFAULT, DEMO_SEED_DEFAULT, resolveDemoOptions } from './options.ts';

function userErrorOf(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('resolveDemoOptions', () => {
  it('fills the defaults', () => {
    const resolved = resolveDemoOptions({ out_dir: 'demo' });
    expect(resolved).toMatchObject({ out_dir: 'demo', accounts: DEMO_ACCOUNTS_DEFAULT, seed: DEMO_SEED_DEFAULT });
    expect(resolved.as_of.text).toBe(DEMO_AS_OF_DEFAULT);
    expect(DEMO_AS_OF_DEFAULT).toBe('2026-11-25T00:00:00+09:00');
  });

  it('refuses bad values with a code and the offending value', () => {
    const cases: Array<[Parameters<typeof resolveDemoOptions>[0], string]> = [
      [{ out_dir: '' }, 'demo.out_dir_missing'],
      [{ out_dir: 'd', accounts: 0 }, 'demo.accounts_invalid'],
      [{ out_dir: 'd', accounts: 2.5 }, 'demo.accounts_invalid'],
      [{ out_dir: 'd', accounts: Number.NaN }, 'demo.accounts_invalid'],
      [{ out_dir: 'd', accounts: DEMO_ACCOUNTS_MAX + 1 }, 'demo.accounts_invalid'],
      [{ out_dir: 'd', seed: -1 }, 'demo.seed_invalid'],
      [{ out_dir: 'd', seed: 2 ** 53 }, 'demo.seed_invalid'],
      [{ out_dir: 'd', as_of: '2026-11-25' }, 'demo.as_of_invalid'],
    ];
    for (const [options, code] of cases) expect(userErrorOf(() => resolveDemoOptions(options)).code).toBe(code);
    expect(userErrorOf(() => resolveDemoOptions({ out_dir: 'd', accounts: 0 })).params).toMatchObject({ value: '0', min: 1 });
  });

  it('renders every demo message in English and Japanese with all placeholders filled', () => {
    const params = { value: 'x', min: 1, max: 2, path: '/p', entry: 'e', reason: 'EACCES', exchange: 'x', as_of: 'x', files: 2 };
    for (const lang of ['en', 'ja'] as const) {
      const t = translator(lang);
      for (const code of Object.keys(demoMessages)) {
        expect(t.has(code), code).toBe(true);
        expect(t.t(code, params)).not.toMatch(/\{\w+\}/);
      }
    }
    expect(translator('ja').t('demo.accounts_invalid', { value: '0', min: 1, max: 5 })).toContain('口座数');
  });
});
