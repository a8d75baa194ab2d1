import { invalidParameter } from '../errors';

/**
 * The two "private subnet" flags of CreateSubnetDetails: "prohibitPublicIpOnVnic will be set to the value of
 * prohibitInternetIngress … Only one or the other flag should be specified." Both given and different is refused;
 * both given and equal is accepted. Returns the effective value (default false: a public subnet).
 */
export function checkSubnetPrivacyFlags(prohibitPublicIpOnVnic: boolean | undefined, prohibitInternetIngress: boolean | undefined): boolean {
  if (prohibitPublicIpOnVnic !== undefined && prohibitInternetIngress !== undefined && prohibitPublicIpOnVnic !== prohibitInternetIngress) {
    throw invalidParameter('prohibitPublicIpOnVnic',
      `${prohibitPublicIpOnVnic} contradicts prohibitInternetIngress ${prohibitInternetIngress}; prohibitPublicIpOnVnic takes the value of prohibitInternetIngress, so set only one of them`);
  }
  return prohibitInternetIngress ?? prohibitPublicIpOnVnic ?? false;
}

/**
 * Why a public IP cannot be put on a VNIC in this subnet, or undefined when it can. A subnet with
 * `prohibitPublicIpOnVnic` is private: "VNICs created in this subnet cannot have public IP addresses".
 */
export function publicIpRefusal(subnet: { id: string; prohibitPublicIpOnVnic?: boolean }, field: string): string | undefined {
  if (subnet.prohibitPublicIpOnVnic !== true) return undefined;
  return `${field} asks for a public IP, but subnet ${subnet.id} is private (prohibitPublicIpOnVnic: true); use a public subnet or set it to false`;
}
