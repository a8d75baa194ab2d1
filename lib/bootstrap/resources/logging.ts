import * as logging from 'oci-logging';
import { flowLogName, flowLogSubnetSlug, logGroupName } from '../../config/logging-names';
import type { FlowLogSubnet } from '../../config/schema';
import type { Context, Lookup, Resource } from '../engine';
import { tags } from '../engine';
import { BootstrapError, statusOf } from '../errors';
import { carriesTags } from '../tags';
import { compartment, defined, diff, listAll, pickTagged } from './common';
import { NET } from './network';

/**
 * VCN flow logs (OCI Logging): one log group per environment and one service log per chosen subnet, with source
 * service `flowlogs`, resource = the subnet, category `all`. Pods have VCN IPs, so the pod subnet's flow log shows
 * pod-to-pod traffic. Every Logging write is asynchronous: it answers with a work request that is followed to its end.
 */
export const LOGGING = { logGroup: 'log-group' } as const;

/** Logical id of a subnet's flow log, e.g. `flow-log-pods`, `flow-log-load-balancer`. */
export function flowLogId(subnet: FlowLogSubnet): string {
  return `flow-log-${flowLogSubnetSlug(subnet)}`;
}

const SUBNET_IDS: Readonly<Record<FlowLogSubnet, string>> = {
  pods: NET.podSubnet, apiEndpoint: NET.apiSubnet, loadBalancer: NET.lbSubnet, database: NET.dbSubnet,
};

const lg = (ctx: Context) => ctx.clients.logging;

/**
 * Follows a Logging work request to its end; a FAILED one throws with the errors OCI lists for it. Returns the OCID
 * of the entity it acted on (`resources[].identifier`).
 */
async function followWorkRequest(ctx: Context, logicalId: string, kind: 'log-group' | 'flow-log', what: string, workRequestId: string): Promise<string | undefined> {
  const wr = await ctx.waiter.until(`${what} work request ${workRequestId}`, kind,
    async () => (await lg(ctx).getWorkRequest({ workRequestId })).workRequest,
    (w) => w.timeFinished !== undefined && w.timeFinished !== null,
    undefined, { justCreated: true });
  if (wr.status !== logging.models.OperationStatus.Succeeded) {
    const errors = await listAll(async (page) => lg(ctx).listWorkRequestErrors({ workRequestId, page }));
    throw new BootstrapError(`${what}: work request ${workRequestId} ended ${wr.status}: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ') || 'no error details'}; fix the cause, then re-run apply (a log left FAILED needs --replace ${logicalId})`, 'failed-resource');
  }
  return wr.resources[0]?.identifier;
}

const GONE_OR_FAILED = (s?: string) => (s === 'FAILED' ? 'went FAILED' : undefined);

type LogGroup = logging.models.LogGroup | logging.models.LogGroupSummary;

/** Log groups are named `<cluster.name>-logs` (display names are unique per compartment). */
const groupName = (ctx: Context) => logGroupName(ctx.env);

async function groupsNamed(ctx: Context): Promise<logging.models.LogGroupSummary[]> {
  return listAll((page) => lg(ctx).listLogGroups({ compartmentId: compartment(ctx), displayName: groupName(ctx), page }));
}

function waitGroup(ctx: Context, id: string, justCreated: boolean): Promise<LogGroup> {
  return ctx.waiter.until(`log group "${groupName(ctx)}"`, 'log-group', async () => (await lg(ctx).getLogGroup({ logGroupId: id })).logGroup,
    (x) => x.lifecycleState === 'ACTIVE', (x) => GONE_OR_FAILED(x.lifecycleState),
    // A 404 for a group its list does not show either: OCI replayed the create of a group deleted since.
    { justCreated, confirmExists: async () => (await groupsNamed(ctx)).some((g) => g.id === id) });
}

/** The environment's log group; a group of that name without our tags (made by hand) is taken over. */
export const logGroup: Resource<LogGroup> = {
  id: LOGGING.logGroup,
  kind: 'log-group',
  deps: [],
  name: groupName,
  find: async (ctx) => pickTagged(await groupsNamed(ctx), ctx, LOGGING.logGroup),
  ocid: (g) => g.id,
  state: (g) => String(g.lifecycleState),
  drift: () => [],
  async create(ctx, token) {
    const details: logging.models.CreateLogGroupDetails = {
      compartmentId: compartment(ctx), displayName: groupName(ctx),
      description: `VCN flow logs of environment ${ctx.env.name} (oke-vn bootstrap)`, freeformTags: tags(ctx, LOGGING.logGroup),
    };
    let id: string | undefined;
    try {
      const resp = await lg(ctx).createLogGroup({ createLogGroupDetails: details, opcRetryToken: token(details) });
      ctx.note(LOGGING.logGroup, `work request ${resp.opcWorkRequestId}`);
      id = await followWorkRequest(ctx, LOGGING.logGroup, 'log-group', `log group "${groupName(ctx)}"`, resp.opcWorkRequestId);
    } catch (e) {
      if (statusOf(e) !== 409) throw e;
      return adoptGroup(ctx);
    }
    if (!id) throw new BootstrapError(`log group "${groupName(ctx)}": the work request succeeded but names no log group`, 'failed-resource');
    return waitGroup(ctx, id, true);
  },
  waitReady: (ctx, g) => waitGroup(ctx, g.id, false),
  async remove(ctx, g) {
    const resp = await lg(ctx).deleteLogGroup({ logGroupId: g.id });
    await followWorkRequest(ctx, LOGGING.logGroup, 'log-group', `log group "${groupName(ctx)}"`, resp.opcWorkRequestId);
    await ctx.waiter.untilGone(`log group "${groupName(ctx)}"`, 'log-group', async () => (await lg(ctx).getLogGroup({ logGroupId: g.id })).logGroup, () => false);
  },
};

async function adoptGroup(ctx: Context): Promise<LogGroup> {
  const existing = (await groupsNamed(ctx)).find((g) => g.lifecycleState !== 'DELETING');
  if (!existing) throw new BootstrapError(`log group "${groupName(ctx)}": the name is taken but no such group is listed; re-run apply`, 'conflict');
  if (!carriesTags(existing.freeformTags, ctx.env.name, LOGGING.logGroup)) {
    ctx.note(LOGGING.logGroup, 'adopting existing log group');
    const resp = await lg(ctx).updateLogGroup({ logGroupId: existing.id, updateLogGroupDetails: { freeformTags: { ...(existing.freeformTags ?? {}), ...tags(ctx, LOGGING.logGroup) } } });
    await followWorkRequest(ctx, LOGGING.logGroup, 'log-group', `log group "${groupName(ctx)}"`, resp.opcWorkRequestId);
  }
  return waitGroup(ctx, existing.id, false);
}

type Log = logging.models.Log | logging.models.LogSummary;

/** The flow log of one subnet: enabled when `logging.flowLogSubnets` lists it; a listed-then-dropped one is deleted. */
function flowLog(subnet: FlowLogSubnet): Resource<Log> {
  const id = flowLogId(subnet);
  const subnetRef = SUBNET_IDS[subnet];
  const name = (ctx: Context) => flowLogName(ctx.env, subnet);
  const groupId = (ctx: Context) => ctx.ref(LOGGING.logGroup).ocid;
  const wait = (ctx: Context, logId: string, justCreated: boolean) => ctx.waiter.until(`flow log "${name(ctx)}"`, 'flow-log',
    async () => (await lg(ctx).getLog({ logGroupId: groupId(ctx), logId })).log,
    (x) => x.lifecycleState === 'ACTIVE', (x) => GONE_OR_FAILED(x.lifecycleState),
    { justCreated, confirmExists: async () => (await listAll((page) => lg(ctx).listLogs({ logGroupId: groupId(ctx), page }))).some((l) => l.id === logId) });
  const source = (ctx: Context): logging.models.OciService => ({
    sourceType: logging.models.OciService.sourceType, service: 'flowlogs', resource: ctx.ref(subnetRef).ocid, category: 'all', parameters: {},
  });
  const r: Resource<Log> = {
    id,
    kind: 'flow-log',
    deps: [LOGGING.logGroup, subnetRef],
    name,
    enabled: (ctx) => ctx.env.logging.flowLogSubnets.includes(subnet),
    async find(ctx): Promise<Lookup<Log>> {
      const items = await listAll((page) => lg(ctx).listLogs({ logGroupId: groupId(ctx), sourceService: 'flowlogs', sourceResource: ctx.ref(subnetRef).ocid, page }));
      return pickTagged(items, ctx, id);
    },
    ocid: (l) => l.id,
    state: (l) => String(l.lifecycleState),
    drift(ctx, l) {
      const s = l.configuration?.source as logging.models.OciService | undefined;
      return defined([
        diff('retentionDuration', l.retentionDuration ?? null, ctx.env.logging.retentionDays),
        diff('isEnabled', l.isEnabled ?? true, true),
        diff('configuration.source', s ? `${s.service}:${s.resource}:${s.category}` : null, `flowlogs:${ctx.ref(subnetRef).ocid}:all`),
      ]);
    },
    async create(ctx, token) {
      const details: logging.models.CreateLogDetails = {
        displayName: name(ctx), logType: logging.models.CreateLogDetails.LogType.Service, isEnabled: true,
        configuration: { compartmentId: compartment(ctx), source: source(ctx) },
        retentionDuration: ctx.env.logging.retentionDays,
        freeformTags: tags(ctx, id),
      };
      const resp = await lg(ctx).createLog({ logGroupId: groupId(ctx), createLogDetails: details, opcRetryToken: token(details) });
      ctx.note(id, `work request ${resp.opcWorkRequestId}`);
      const logId = await followWorkRequest(ctx, id, 'flow-log', `flow log "${name(ctx)}"`, resp.opcWorkRequestId);
      if (!logId) throw new BootstrapError(`flow log "${name(ctx)}": the work request succeeded but names no log`, 'failed-resource');
      return wait(ctx, logId, true);
    },
    waitReady: (ctx, l) => wait(ctx, l.id, false),
    async update(ctx, l, drift) {
      if (drift.some((d) => d.startsWith('configuration.source'))) {
        throw new BootstrapError(`flow log "${name(ctx)}" logs another source (${drift.join('; ')}); re-run with --replace ${id}`, 'drift');
      }
      const resp = await lg(ctx).updateLog({ logGroupId: groupId(ctx), logId: l.id, updateLogDetails: { retentionDuration: ctx.env.logging.retentionDays, isEnabled: true } });
      await followWorkRequest(ctx, id, 'flow-log', `flow log "${name(ctx)}"`, resp.opcWorkRequestId);
      return wait(ctx, l.id, false);
    },
    async remove(ctx, l) {
      const resp = await lg(ctx).deleteLog({ logGroupId: groupId(ctx), logId: l.id });
      await followWorkRequest(ctx, id, 'flow-log', `flow log "${name(ctx)}"`, resp.opcWorkRequestId);
      await ctx.waiter.untilGone(`flow log "${name(ctx)}"`, 'flow-log', async () => (await lg(ctx).getLog({ logGroupId: groupId(ctx), logId: l.id })).log, () => false);
    },
  };
  return r;
}

export const loggingResources: Resource[] = [
  logGroup, flowLog('pods'), flowLog('apiEndpoint'), flowLog('loadBalancer'), flowLog('database'),
] as Resource[];
