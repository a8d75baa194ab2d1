/**
 * YAML parsing with bounded work. js-yaml 5 builds aliases by reference, so an alias bomb (`&a [x, x]`,
 * `&b [*a, *a]`, ... nine levels deep) parses in milliseconds and hands over an object of billions of nodes that
 * every later walk (schema validation, rules, cdk8s) expands. Its own options bound the alias *count*
 * (`maxAliases`), the *syntactic* nesting (`maxDepth`, "aliases are not taken into account") and merge keys
 * (`maxTotalMergeKeys`), not the size of the expanded tree. So the text is parsed into js-yaml's event stream,
 * the expanded size and depth are measured on the events (linear in the text), and only then are objects
 * constructed from the same events.
 */
import { CORE_SCHEMA, EVENT_ID, YAMLException, constructFromEvents, parseEvents, type Event, type Schema } from 'js-yaml';
import { InputLimitError } from './errors';

/** Bounds of one YAML document. */
export interface YamlLimits {
  /**
   * Nodes of the document with every alias expanded: each scalar, sequence and mapping counts once, keys
   * included. A Kubernetes object cannot be larger than etcd's 1.5 MiB request limit, which holds far fewer.
   * @default 1_000_000
   */
  readonly maxNodes: number;
  /** Collections nested in each other, aliases expanded. @default 100 (js-yaml's own syntactic default) */
  readonly maxDepth: number;
  /** Alias nodes (`*name`) in the document. @default 1000 */
  readonly maxAliases: number;
  /** Documents in the stream, counted by their `---` lines before parsing. @default 10,000 */
  readonly maxDocuments: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxNodes: 1_000_000, maxDepth: 100, maxAliases: 1000, maxDocuments: 10_000 };

/** Options of {@link parseYaml}. */
export interface ParseYamlOptions {
  /** Path named in errors. */
  readonly file: string;
  /** Tag resolution. @default js-yaml's CORE_SCHEMA */
  readonly schema?: Schema;
  /** @default {@link DEFAULT_YAML_LIMITS} */
  readonly limits?: Partial<YamlLimits>;
}

/** What an anchor stands for once expanded. */
interface Expansion {
  readonly nodes: number;
  /** Collections nested in it, itself included (0 for a scalar). */
  readonly height: number;
}

/** An open sequence or mapping while measuring. */
interface OpenCollection {
  /** Name of its anchor, if it has one. */
  readonly anchor: string | undefined;
  /** Expanded-node counter when it opened. */
  readonly nodesBefore: number;
  /** Its depth: 1 for a document's root collection. */
  readonly depth: number;
  /** Deepest expanded level reached under it. */
  deepest: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** 1-based line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Walks the event stream once, keeping for every anchor the size and height of the subtree it names, and throws
 * {@link InputLimitError} as soon as the expanded document would pass a limit. Also refuses an alias to a
 * collection that is still open: js-yaml would build a cyclic object, and every walk over it would never end.
 */
function measure(events: readonly Event[], text: string, file: string, limits: YamlLimits): number {
  let anchors = new Map<string, Expansion | 'open'>();
  const open: OpenCollection[] = [];
  let nodes = 0;
  let total = 0;
  let aliases = 0;
  let documentIndex = -1;
  const where = (offset: number): string => `${documentIndex > 0 ? `document ${documentIndex}, ` : ''}line ${lineAt(text, offset)}`;
  const reach = (level: number, offset: number): void => {
    if (level > limits.maxDepth) {
      throw new InputLimitError(file, 'depth', `nests deeper than ${limits.maxDepth} levels once aliases are expanded (${where(offset)}); flatten it`);
    }
    const top = open[open.length - 1];
    if (top !== undefined && level > top.deepest) top.deepest = level;
  };
  const add = (n: number, offset: number): void => {
    nodes += n;
    if (nodes > limits.maxNodes) {
      throw new InputLimitError(file, 'nodes', `expands to more than ${count(limits.maxNodes)} YAML nodes (${where(offset)}; an alias bomb?); remove the aliases or split the document`);
    }
  };
  const nameOf = (start: number, end: number): string | undefined => (start < 0 ? undefined : text.slice(start, end));

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documentIndex++;
        total += nodes;
        anchors = new Map();
        nodes = 0;
        aliases = 0;
        break;
      case EVENT_ID.SCALAR: {
        add(1, event.valueStart);
        const anchor = nameOf(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, { nodes: 1, height: 0 });
        break;
      }
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        add(1, event.start);
        reach(open.length + 1, event.start);
        const anchor = nameOf(event.anchorStart, event.anchorEnd);
        if (anchor !== undefined) anchors.set(anchor, 'open');
        open.push({ anchor, nodesBefore: nodes - 1, depth: open.length + 1, deepest: open.length + 1 });
        break;
      }
      case EVENT_ID.ALIAS: {
        const name = text.slice(event.anchorStart, event.anchorEnd);
        if (++aliases > limits.maxAliases) {
          throw new InputLimitError(file, 'aliases', `has more than ${count(limits.maxAliases)} aliases (${where(event.anchorStart)}); write the values out`);
        }
        const target = anchors.get(name);
        if (target === undefined) break; // unknown anchor: constructing reports it with its position
        if (target === 'open') {
          throw new InputLimitError(file, 'depth', `alias *${name} refers to a collection that contains it (${where(event.anchorStart)}), an endless structure; remove the alias`);
        }
        add(target.nodes, event.anchorStart);
        reach(open.length + target.height, event.anchorStart);
        break;
      }
      case EVENT_ID.POP: {
        const closed = open.pop();
        if (closed === undefined) break; // the document's own end
        if (closed.anchor !== undefined) anchors.set(closed.anchor, { nodes: nodes - closed.nodesBefore, height: closed.deepest - closed.depth + 1 });
        const parent = open[open.length - 1];
        if (parent !== undefined && closed.deepest > parent.deepest) parent.deepest = closed.deepest;
        break;
      }
      default:
        break;
    }
  }
  return total + nodes;
}

/** The documents of a YAML stream and their size. */
export interface ParsedYaml {
  readonly documents: unknown[];
  /** Nodes of all documents, aliases expanded: the work any walk over the documents will do. */
  readonly nodes: number;
}

/**
 * Parses every document of `text` with the limits applied before any object is built. Throws
 * {@link InputLimitError} for a limit (naming the file, the limit and the line) and js-yaml's
 * `YAMLException` for a syntax error.
 */
export function parseYaml(text: string, options: ParseYamlOptions): ParsedYaml {
  const limits: YamlLimits = { ...DEFAULT_YAML_LIMITS, ...options.limits };
  // A flood of tiny documents costs events and objects for each: count the markers before parsing any.
  let markers = 0;
  for (const _ of text.matchAll(/^---(?=[ \t\r\n]|$)/gm)) {
    if (++markers > limits.maxDocuments) {
      throw new InputLimitError(options.file, 'documents', `holds more than ${count(limits.maxDocuments)} YAML document${limits.maxDocuments === 1 ? '' : 's'} (--- lines); ${limits.maxDocuments === 1 ? 'remove the --- separators' : 'split it'}`);
    }
  }
  let events: Event[];
  try {
    events = parseEvents(text, { filename: options.file, maxDepth: limits.maxDepth });
  } catch (err) {
    if (err instanceof YAMLException && err.reason.startsWith('nesting exceeded maxDepth')) {
      throw new InputLimitError(options.file, 'depth', `nests deeper than ${limits.maxDepth} levels (line ${(err.mark?.line ?? 0) + 1}); flatten it`);
    }
    throw err;
  }
  const nodes = measure(events, text, options.file, limits);
  const documents = constructFromEvents(events, { source: text, filename: options.file, schema: options.schema ?? CORE_SCHEMA, maxAliases: limits.maxAliases });
  return { documents, nodes };
}
