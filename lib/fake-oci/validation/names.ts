import { invalidParameter } from '../errors';

/** Display names are 1-255 characters (OCI API reference, e.g. CreateVcnDetails/CreateNatGatewayDetails.displayName). */
export const DISPLAY_NAME_MAX = 255;

/** A display name, when given: 1-255 characters, not only blanks. Not unique, changeable. */
export function checkDisplayName(field: string, name: string | undefined): void {
  if (name === undefined) return;
  if (name.trim().length === 0 || name.length > DISPLAY_NAME_MAX) {
    throw invalidParameter(field, `"${name.slice(0, 40)}${name.length > 40 ? '…' : ''}" must be 1 to ${DISPLAY_NAME_MAX} characters (it has ${name.length})`);
  }
}

/** VCN and subnet DNS labels: a letter first, then letters or digits, at most 15 characters (DNS in Your VCN). */
const DNS_LABEL = /^[a-zA-Z][a-zA-Z0-9]{0,14}$/;

/** A DNS label (VCN `dnsLabel`, subnet `dnsLabel`, MySQL `hostnameLabel`), when given. */
export function checkDnsLabel(field: string, label: string | undefined): void {
  if (label !== undefined && !DNS_LABEL.test(label)) {
    throw invalidParameter(field, `"${label}" must start with a letter and have at most 15 letters or digits`);
  }
}

/**
 * A subnet's DNS label "is unique within the VCN" (CreateSubnetDetails.dnsLabel). DNS names are case-insensitive,
 * so `Pods` and `pods` clash.
 */
export function checkDnsLabelUnique(field: string, label: string | undefined, taken: ReadonlyArray<{ id: string; dnsLabel?: string }>): void {
  if (label === undefined) return;
  const clash = taken.find((t) => t.dnsLabel !== undefined && t.dnsLabel.toLowerCase() === label.toLowerCase());
  if (clash) throw invalidParameter(field, `"${label}" is already the DNS label of subnet ${clash.id} in this VCN; subnet DNS labels are unique within a VCN`);
}
