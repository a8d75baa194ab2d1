import type * as kms from 'oci-keymanagement';
import { incorrectState } from '../errors';
import { checkDisplayName } from '../validation/names';
import type { HandlerContext, HandlerResult, Route } from '../router';
import { bodyOf, checkIfMatch, isIn, resourceResult } from './common';
import { keyOfVault, managedVault } from './kms';
import { autoRotationFields } from './kms-rotation-rules';

const V = '/20180608';

/** UpdateKey: display name, tags and the auto-rotation schedule of an ENABLED key. */
function updateKey(ctx: HandlerContext): HandlerResult {
  const { core } = ctx;
  const vault = managedVault(ctx, true);
  const key = keyOfVault(core, vault, ctx.params.keyId);
  checkIfMatch(ctx, key);
  if (!isIn(core, key, 'ENABLED', 'DISABLED')) throw incorrectState(`Key ${key.id} is ${core.store.state(key)}; only ENABLED or DISABLED keys can be updated.`);
  const d = bodyOf<kms.models.UpdateKeyDetails>(ctx);
  checkDisplayName('displayName', d.displayName);
  if (d.isAutoRotationEnabled !== undefined || d.autoKeyRotationDetails !== undefined) {
    const fields = autoRotationFields(core, vault, d, { isAutoRotationEnabled: key.body.isAutoRotationEnabled, autoKeyRotationDetails: key.body.autoKeyRotationDetails });
    key.body.isAutoRotationEnabled = fields.isAutoRotationEnabled;
    if (fields.autoKeyRotationDetails) key.body.autoKeyRotationDetails = fields.autoKeyRotationDetails;
    else delete key.body.autoKeyRotationDetails;
  }
  if (d.displayName !== undefined) key.body.displayName = d.displayName;
  if (d.freeformTags !== undefined) key.body.freeformTags = d.freeformTags;
  if (d.definedTags !== undefined) key.body.definedTags = d.definedTags;
  core.store.touch(key);
  return resourceResult(core, key);
}

/** Key operations added for rotation, on a vault's management endpoint. */
export const kmsRotationRoutes: Route[] = [
  { method: 'PUT', pattern: `${V}/keys/{keyId}`, op: 'UpdateKey', handler: updateKey },
];
