/**
 * Shared types of the guard: the objects it reads, the rules it runs and the report it returns.
 */

/** Any Kubernetes object as parsed from YAML or produced by a cdk8s chart's `toJson()`. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata?: {
    name?: string;
    namespace?: string;
    /** labels, annotations...: read defensively, since input may be any YAML. */
    [key: string]: unknown;
  };
  [key: string]: unknown;
};

/** Where an object came from: a file and the 0-based index of the YAML document in it. */
export interface SourceRef {
  /** File path as given to the loader. */
  readonly file: string;
  /** 0-based index of the document in the file (items of a `kind: List` share their document's index). */
  readonly index: number;
}

/** Identifies an object in a report. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  /** `metadata.name`, or `(unnamed)` when missing. */
  readonly name: string;
}

/** One rule broken by one object at one field. */
export interface Violation {
  /** Rule id, e.g. `vn-init-containers`; `schema` for schema validation errors. */
  readonly ruleId: string;
  readonly object: ObjectRef;
  /** Field path in the object, dotted with `[i]` indexes, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** One line naming the object, the field path, the problem and the fix. */
  readonly message: string;
  /** What to change (also part of `message`). */
  readonly fix: string;
  readonly source?: SourceRef;
}

/** An object that opted out of a rule through an annotation. */
export interface OptOut {
  readonly ruleId: string;
  readonly object: ObjectRef;
  /** The annotation value: why the rule does not apply. */
  readonly reason: string;
  readonly source?: SourceRef;
}

/** Input the guard could not check at all (not YAML, no apiVersion/kind, unknown kind, too large...). */
export interface InputProblem {
  /** File path, when the problem comes from a file. */
  readonly file?: string;
  /** 0-based document index in the file, when known. */
  readonly index?: number;
  /** What is wrong and how to fix it (the file and index are in their own fields). */
  readonly message: string;
}

export interface GuardReport {
  readonly violations: readonly Violation[];
  readonly optOuts: readonly OptOut[];
  readonly inputProblems: readonly InputProblem[];
  /** Number of objects examined. */
  readonly objectCount: number;
}

/** Options of {@link guardObjects}. */
export interface GuardOptions {
  /**
   * Source of each object, index-aligned with the `objects` argument; copied into violations.
   * @default none
   */
  readonly sources?: ReadonlyArray<SourceRef | undefined>;
  /**
   * Labels that the virtual nodes of the cluster carry (the virtual node pool's `initialVirtualNodeLabels`).
   * A pod whose `nodeSelector` or required node affinity contradicts them cannot land on a virtual node and is
   * exempt from the virtual-node rules. See lib/guard/README.md, "Which pods the virtual-node rules apply to".
   * @default {} (only the built-in `kubernetes.io/os: linux` is known)
   */
  readonly virtualNodeLabels?: Readonly<Record<string, string>>;
  /**
   * Optional rules to switch on in addition to the default set (e.g. `sec-image-digest`).
   * Rules cannot be switched off here: an object opts out of a rule only through an annotation.
   * @default []
   */
  readonly enable?: readonly string[];
  /**
   * Extra CustomResourceDefinition objects whose schemas validate custom resources, in addition to the vendored
   * ESO and Argo CD CRDs and any CRD present in `objects`. They stay registered for the rest of the process
   * (schemas are compiled once per process).
   * @default []
   */
  readonly crds?: readonly KubeObject[];
  /**
   * Time for the checks, in milliseconds: once it is spent, the remaining objects are left unchecked and an input
   * problem says so (the CLI sets it; input from strangers must not keep a CI job busy for hours).
   * @default no limit
   */
  readonly timeLimitMs?: number;
  /**
   * Schema nodes (keys included, aliases expanded) of the CustomResourceDefinitions taken from `crds` and the
   * input, in all: each is compiled into a validator (~10 KB and ~0.1 ms per node), so a CRD past this is an input
   * problem and its custom resources stay unchecked. The vendored ESO/Argo CD CRDs do not count.
   * @default 60,000 (the largest vendored schema has ~11,000)
   */
  readonly maxCrdSchemaNodes?: number;
  /**
   * Violations listed per run: once reached, checking stops with an input problem saying so (each violation is a
   * few hundred bytes; 90,000 containers gave 810,000 of them and 1.9 GB). @default 10,000
   */
  readonly maxViolations?: number;
}

/** A finding produced by a rule's check, before the engine adds object, source and message. */
export interface Finding {
  /** Field path inside the object. */
  readonly path: string;
  /** What is wrong, without the object name (the engine prefixes it). */
  readonly problem: string;
  /** What to change. */
  readonly fix: string;
}

/** Whether a rule comes from the virtual-node limits or from security/reliability practice. */
export type RuleCategory = 'virtual-node' | 'security' | 'reliability' | 'schema';

/** One rule: an id, a description for the rule table, and a check. */
export interface Rule {
  /** Stable kebab-case id; also the opt-out annotation suffix. */
  readonly id: string;
  readonly category: RuleCategory;
  /** One sentence: what the rule requires. */
  readonly description: string;
  /** Where the rule comes from (Oracle page, PSS, kube-score check...). */
  readonly source: string;
  /** Off unless listed in `GuardOptions.enable`. @default false */
  readonly optional?: boolean;
  /** Returns the findings for one object; `ctx` gives access to the whole set. */
  readonly check: (object: KubeObject, ctx: RuleContext) => Finding[];
}

/** What a rule can see besides the object it checks. */
export interface RuleContext {
  /** Every object under check (after `kind: List` expansion). */
  readonly objects: readonly KubeObject[];
  /** True when a pod template in this object can be scheduled onto a virtual node. */
  readonly canRunOnVirtualNodes: (pod: PodTemplate) => boolean;
  /** Computes a value once per run (indexes over `objects` for cross-object rules). */
  readonly memo: <T>(key: string, make: () => T) => T;
}

/** A pod spec found in a workload, with its location in the object. */
export interface PodTemplate {
  /** The object that holds the pod spec. */
  readonly owner: KubeObject;
  /** Path of the pod spec in the owner, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** The pod spec itself. */
  readonly spec: PodSpec;
  /** Labels of the pod template (or of the Pod). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Loose view of a pod spec: fields are checked at run time, never trusted. */
export type PodSpec = Record<string, unknown>;
