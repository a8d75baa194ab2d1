/** Recommended Kubernetes labels (app.kubernetes.io/*) shared by every object of one component. */
export interface ComponentLabels {
  /** `app.kubernetes.io/name` */
  readonly name: string;
  /** `app.kubernetes.io/component` */
  readonly component: string;
  /** `app.kubernetes.io/part-of` @default "oke-virtual-nodes" */
  readonly partOf?: string;
}

export const MANAGED_BY = 'oke-virtual-nodes';

/** Labels for metadata. Selectors use `selectorLabels` only: they are immutable on a Deployment. */
export function componentLabels(c: ComponentLabels): Record<string, string> {
  return {
    'app.kubernetes.io/name': c.name,
    'app.kubernetes.io/component': c.component,
    'app.kubernetes.io/part-of': c.partOf ?? 'oke-virtual-nodes',
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}

/** The stable subset used in pod selectors; never derived from construct paths. */
export function selectorLabels(c: ComponentLabels): Record<string, string> {
  return { 'app.kubernetes.io/component': c.component, 'app.kubernetes.io/name': c.name };
}
