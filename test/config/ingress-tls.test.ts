import { ConfigError, loadEnvironment } from '../../lib/config';
import { redirectsHttpToHttps } from '../../lib/charts/ingress-tls';
import { tempConfig } from '../helpers';

/** Loads the example with its `tls:` block (under ingress) replaced by `tls`. */
function load(tls: string, lbType = 'lb') {
  const t = tempConfig();
  t.edit('example.yaml', (text) => text
    .replace(/\n  tls:\n(    .*\n)+/, `\n  tls:\n${tls.split('\n').map((l) => `    ${l}`).join('\n')}\n`)
    .replace(/\n    type: lb\n/, `\n    type: ${lbType}\n`));
  return loadEnvironment('example', { configDir: t.configDir });
}

function problems(tls: string, lbType?: string): string {
  try {
    load(tls, lbType);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return '';
}

describe('ingress.tls', () => {
  test('HTTPS at Traefik is the default, with the HTTP redirect on', () => {
    const env = load('vaultSecretName: shop-tls');
    expect(env.ingress.tls).toEqual({ termination: 'traefik', vaultSecretName: 'shop-tls', secretName: 'ingress-tls' });
    expect(redirectsHttpToHttps(env.ingress.tls)).toBe(true);
    expect(redirectsHttpToHttps(load('termination: none').ingress.tls)).toBe(false);
    expect(redirectsHttpToHttps(load('redirectHttpToHttps: false').ingress.tls)).toBe(false);
  });

  test('termination at a Network Load Balancer is an error naming both fields', () => {
    const message = problems('termination: loadBalancer', 'nlb');
    expect(message).toContain('ingress.tls.termination');
    expect(message).toContain('ingress.loadBalancer.type is "nlb"');
    expect(message).toMatch(/use termination "traefik" .* or ingress\.loadBalancer\.type "lb"/);
    expect(problems('termination: loadBalancer')).toBe('');
    expect(problems('termination: traefik', 'nlb')).toBe('');
  });

  test('a redirect without HTTPS is an error; an unknown termination names the choices', () => {
    expect(problems('termination: none\nredirectHttpToHttps: true')).toMatch(/ingress\.tls\.redirectHttpToHttps.*no HTTPS to redirect to/);
    expect(problems('termination: passthrough')).toMatch(/ingress\.tls\.termination.*must be traefik, loadBalancer or none/);
    expect(problems('secretName: App_TLS')).toMatch(/ingress\.tls\.secretName.*DNS subdomain/);
  });
});
