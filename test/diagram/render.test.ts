/** The architecture picture in a real headless browser: it draws, labels every subnet and workload, and no two texts overlap. */
import { Browser } from 'playwright-core';
import { platformAddOns } from '../../lib/addons';
import { Environment } from '../../lib/config';
import { architectureSvg } from '../../lib/diagram/architecture';
import { sizeEnvironment } from '../../lib/sizing';
import { synthesizeEnvironment } from '../../lib/synth/environment-app';
import { exampleEnv } from '../helpers';
import { launchChromium } from './browser';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { measureInPage } = require('./in-page') as { measureInPage: (svg: string) => Promise<unknown> };

interface Box { readonly text: string; readonly x: number; readonly y: number; readonly w: number; readonly h: number }
interface Rendered {
  readonly width: number;
  readonly height: number;
  readonly texts: readonly Box[];
  readonly rects: readonly Box[];
  /** Share of the rasterized picture that is not the white background. */
  readonly inked: number;
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60000);
afterAll(async () => {
  await browser?.close();
});

function pictureOf(env: Environment): { svg: string; sizing: ReturnType<typeof sizeEnvironment> } {
  const output = synthesizeEnvironment(env);
  const sizing = sizeEnvironment(env, output.manifests.flatMap((f) => f.objects));
  return { svg: architectureSvg({ env, manifests: output.manifests, sizing }), sizing };
}

/** Loads the SVG inline in a page and reads every text's and rectangle's box, then rasterizes it on a canvas. */
async function render(svg: string): Promise<Rendered> {
  const page = await browser.newPage();
  try {
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    return (await page.evaluate(measureInPage, svg)) as Rendered;
  } finally {
    await page.close();
  }
}

function overlapping(texts: readonly Box[]): string[] {
  const out: string[] = [];
  texts.forEach((a, i) => {
    for (const b of texts.slice(i + 1)) {
      const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      if (w > 0.5 && h > 0.5) out.push(`"${a.text}" overlaps "${b.text}"`);
    }
  });
  return out;
}

/** Texts that spill out of the innermost rectangle holding their start (a box drawn too narrow for its text). */
function spilling(texts: readonly Box[], rects: readonly Box[]): string[] {
  return texts.flatMap((t) => {
    const holders = rects.filter((r) => t.x >= r.x && t.x <= r.x + r.w && t.y + t.h / 2 >= r.y && t.y + t.h / 2 <= r.y + r.h);
    const inner = holders.sort((a, b) => a.w * a.h - b.w * b.h)[0];
    if (inner === undefined) return [`"${t.text}" is in no box`];
    return t.x + t.w <= inner.x + inner.w + 0.5 && t.y >= inner.y - 0.5 && t.y + t.h <= inner.y + inner.h + 0.5 ? [] : [`"${t.text}" spills out of its box`];
  });
}

function checkPicture(r: Rendered): void {
  expect(r.texts.length).toBeGreaterThan(50);
  expect(r.inked).toBeGreaterThan(0.05);
  for (const t of r.texts) {
    expect(t.w).toBeGreaterThan(0);
    expect(t.x >= 0 && t.y >= 0 && t.x + t.w <= r.width && t.y + t.h <= r.height).toBe(true);
  }
  expect(overlapping(r.texts)).toEqual([]);
  // Badges are circles, not boxes: only the boxed texts must fit their box.
  expect(spilling(r.texts.filter((t) => !/^\d$/.test(t.text)), r.rects)).toEqual([]);
}

test('the example draws, labels every subnet CIDR and every workload, and no text overlaps another', async () => {
  const env = exampleEnv();
  const { svg, sizing } = pictureOf(env);
  const r = await render(svg);
  checkPicture(r);
  const all = r.texts.map((t) => t.text).join('\n');
  for (const cidr of [env.network.vcnCidr, env.network.apiEndpointSubnetCidr, env.network.loadBalancerSubnetCidr, env.network.podSubnetCidr, env.network.databaseSubnetCidr]) {
    expect(all).toContain(cidr);
  }
  // Ours (ingress controller, app) and every add-on's.
  expect(new Set(sizing.workloads.map((w) => w.origin))).toEqual(new Set(['charts', ...platformAddOns(env).map((a) => a.name)]));
  for (const w of sizing.workloads) expect(r.texts.map((t) => t.text)).toContain(`${w.kind} ${w.name}`);
  for (const label of ['Internet gateway', 'NAT gateway', 'Service gateway', 'NSG pods: the virtual nodes and every pod', 'EU-FRANKFURT-1-AD-3', 'MySQL DB system oke-vn-example-db', 'OCIR (container registry)']) {
    expect(all).toContain(label);
  }
}, 60000);

test('a different environment (private API, internal NLB, HA database, taint, no metrics-server) lays out as cleanly', async () => {
  const base = exampleEnv();
  const env: Environment = {
    ...base,
    network: { ...base.network, publicApiEndpoint: false },
    virtualNodePool: { ...base.virtualNodePool, taint: { key: 'oke-vn.dev/dedicated', value: 'virtual-nodes', effect: 'NoSchedule' }, placement: base.virtualNodePool.placement.slice(0, 2) },
    database: { ...base.database, highlyAvailable: true, shape: 'MySQL.8' },
    ingress: { ...base.ingress, loadBalancer: { ...base.ingress.loadBalancer, type: 'nlb', internal: true } },
    gitops: { ...base.gitops, installMetricsServer: false },
  };
  const { svg, sizing } = pictureOf(env);
  const r = await render(svg);
  checkPicture(r);
  const all = r.texts.map((t) => t.text).join('\n');
  expect(all).toContain('high availability: 3 instances');
  expect(all).toContain('type nlb (layer 4)');
  expect(all).toContain('tainted oke-vn.dev/dedicated=virtual-nodes:NoSchedule');
  expect(sizing.workloads.map((w) => w.name)).not.toContain('metrics-server');
  expect(all).not.toContain('metrics-server');
}, 60000);
