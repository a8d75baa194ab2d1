import { z } from 'zod';

/**
 * Field validators shared by the environment schema. Each message states what is expected and how to
 * fix it, because it is printed verbatim next to the field path and the offending value.
 */

/** OCI resource identifier: `ocid1.<type>.<realm>.[region][.future].<unique id>`. */
export function ocid(resourceType: string) {
  const re = new RegExp(`^ocid1\\.${resourceType.replace(/\./g, '\\.')}\\.oc[0-9]+\\.[a-z0-9-]*(\\.[a-z0-9-]+)?\\.[a-z0-9]{20,}$`);
  return z.string().regex(re, {
    message: `must be an OCID of a ${resourceType} (ocid1.${resourceType}.oc1.<region>.<unique id>); copy it from the OCI console or the bootstrap outputs`,
  });
}

/** RFC 1123 DNS label, as Kubernetes requires for namespaces and most names. */
export const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, {
    message: 'must be a DNS label: lower-case letters, digits and "-", starting and ending with a letter or digit',
  })
  .max(63, { message: 'must be at most 63 characters (DNS label)' });

/** RFC 1123 DNS subdomain (e.g. Secret and Service names). */
export const dnsSubdomain = z
  .string()
  .max(253, { message: 'must be at most 253 characters' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
    message: 'must be a DNS subdomain: lower-case letters, digits, "-" and ".", starting and ending with a letter or digit',
  });

/** A fully qualified host name for the Ingress (wildcard first label allowed, as Kubernetes allows). */
export const hostName = z
  .string()
  .max(253, { message: 'must be at most 253 characters' })
  .regex(/^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z][-a-z0-9]*[a-z0-9]$/, {
    message: 'must be a DNS name such as app.example.com (lower case, at least two labels, no scheme, port or path)',
  });

/** IPv4 CIDR block. */
export const ipv4Cidr = z.string().regex(/^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/, {
  message: 'must be an IPv4 CIDR block such as 10.0.0.0/16',
});

/** Kubernetes label key (optional DNS-subdomain prefix + name). */
export const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
  message: 'must be a Kubernetes label key such as example.com/pool',
});

/** Kubernetes label value. */
export const labelValue = z.string().regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/, {
  message: 'must be a Kubernetes label value: up to 63 letters, digits, "-", "_" or ".", starting and ending alphanumeric',
});

/** Memory as whole GiB: virtual nodes bill memory rounded up to whole GB, so anything else is waste. */
export const wholeGibibytes = z.string().regex(/^[1-9][0-9]*Gi$/, {
  message: 'must be a whole number of GiB such as "2Gi" (virtual nodes bill memory in whole GB)',
});

/** Whole OCPUs: virtual nodes reject sub-core CPU and bill CPU rounded up to whole OCPUs. */
export const wholeOcpus = z.number().int({ message: 'must be a whole number of OCPUs such as 1 or 2 (virtual nodes reject sub-core CPU)' }).min(1, {
  message: 'must be at least 1 OCPU (virtual nodes reject sub-core CPU)',
});

/** Container image repository without tag or digest. */
export const imageRepository = z
  .string()
  .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
    message: 'must be an image repository without tag or digest, such as fra.ocir.io/mytenancy/oke-vn/app',
  });

/** Image tag: pinned, never `latest`. */
export const imageTag = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: 'must be an image tag such as 1.4.2' })
  .refine((t) => t.toLowerCase() !== 'latest', {
    message: 'must not be "latest": pin a version tag such as 1.4.2 (or set a digest) so every sync deploys the same image',
  });

/** Image digest. */
export const imageDigest = z.string().regex(/^sha256:[a-f0-9]{64}$/, {
  message: 'must be a digest such as sha256:<64 hex characters>',
});

/** Go duration as ESO and Argo CD accept it (e.g. 1h, 30m, 1h30m). */
export const duration = z.string().regex(/^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/, {
  message: 'must be a duration such as 1h, 15m or 1h30m',
});
