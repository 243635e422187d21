import type { Coach } from '../coach/coach';
import { TrainedVenueLayer, trainLayerOver, type VenueLayer, type VenueLayerFile } from '../coach/venueLayer';
import { type Clock, type PlaybookSource, playbookCacheKey } from './ports';

/** How a venue labelled a message: "Not a slip", "Wrong category?", or a slip a person logged by hand. */
export type TaughtBy = 'dismissed' | 'recategorized' | 'logged';

/** One labelled message, kept per workspace in its own Redis: the venue's training data. */
export interface TaughtExample {
  /** The slip it came from: a later correction of the same slip replaces this one. */
  slipId: string;
  /** Redacted, as stored on the slip. */
  text: string;
  /** The right category; absent when the message is not a slip. */
  categoryId?: string;
  source: TaughtBy;
  by: string;
  at: number;
}

/** Where a workspace's examples and trained layer live. `changes` counts every record and forget. */
export interface VenueLearningStore {
  /** Keeps the example (replacing the slip's earlier one) and returns the new change count. */
  record(tenant: string, example: TaughtExample): Promise<number>;
  /** Drops the slip's example (a dismissed slip reopened); returns the change count. */
  forget(tenant: string, slipId: string): Promise<number>;
  examples(tenant: string): Promise<TaughtExample[]>;
  /** Replaces the text of the slip's example, if it has one (a guest forgotten on request); true when it had. */
  rewrite(tenant: string, slipId: string, text: string): Promise<boolean>;
  changes(tenant: string): Promise<number>;
  /** The saved layer's version (the change count it was trained at), without loading it. */
  layerVersion(tenant: string): Promise<number | undefined>;
  loadLayer(tenant: string): Promise<VenueLayerFile | undefined>;
  /** Saves a layer, or removes it (undefined) when nothing is left to learn from. */
  saveLayer(tenant: string, file: VenueLayerFile | undefined): Promise<void>;
}

/** Asks for a retrain after a change; a queue debounces it (see the worker's learning queue). */
export interface RetrainRequests {
  request(tenant: string, change: number): Promise<void>;
}

export type RetrainResult =
  | { kind: 'trained'; version: number; examples: number; used: number; ms: number }
  | { kind: 'cleared'; version: number }
  /** A later change is queued; that job will train with it. */
  | { kind: 'superseded' };

export interface LearningStatus {
  examples: number;
  bySource: Record<TaughtBy, number>;
  changes: number;
  layer?: { version: number; trainedAt: number; examples: number; modelVersion: string; current: boolean };
  modelVersion: string;
  /** The layer has every change and fits the shipped model. */
  upToDate: boolean;
}

export interface VenueLearningOptions {
  store: VenueLearningStore;
  coach: Coach;
  playbooks: PlaybookSource;
  requests?: RetrainRequests;
  clock?: Clock;
  /** How long a process trusts the layer version it last read (one small read per workspace per second at most). @defaultValue 1 s */
  cacheMs?: number;
}

/**
 * Each venue's language, learned from its own people: their corrections and hand-logged slips become labelled
 * examples in the venue's Redis, a worker trains a small layer over the shipped model from them, and every role
 * reads with that layer within seconds of it being saved. One workspace's examples never reach another's detector.
 */
export class VenueLearning {
  private readonly clock: Clock;
  private readonly cached = new Map<string, { checkedAt: number; version?: number; layer?: VenueLayer }>();

  constructor(private readonly options: VenueLearningOptions) {
    this.clock = options.clock ?? Date.now;
  }

  async record(tenant: string, example: TaughtExample): Promise<void> {
    if (!example.text.trim()) return;
    const change = await this.options.store.record(tenant, example);
    await this.options.requests?.request(tenant, change);
  }

  async forget(tenant: string, slipId: string): Promise<void> {
    const change = await this.options.store.forget(tenant, slipId);
    await this.options.requests?.request(tenant, change);
  }

  /**
   * A slip's text changed for privacy (a guest forgotten): its example follows. True when it had one; the caller
   * then retrains once (the layer keeps the examples' text), however many slips were rewritten.
   */
  async rewrite(tenant: string, slipId: string, text: string): Promise<boolean> {
    return this.options.store.rewrite(tenant, slipId, text);
  }

  /** The workspace's current layer, re-checked at most every few seconds; undefined when it has none. */
  async layerFor(tenant: string): Promise<VenueLayer | undefined> {
    const now = this.clock();
    const known = this.cached.get(tenant);
    if (known && now - known.checkedAt < (this.options.cacheMs ?? 1000)) return known.layer;
    const version = await this.options.store.layerVersion(tenant);
    if (known && known.version === version) {
      known.checkedAt = now;
      return known.layer;
    }
    const file = version === undefined ? undefined : await this.options.store.loadLayer(tenant);
    // a layer trained over another model's features means nothing to this one: read without it until retrained
    const fits = file && file.modelVersion === this.options.coach.model.version;
    const layer = fits ? new TrainedVenueLayer(file) : undefined;
    this.cached.set(tenant, { checkedAt: now, version, layer });
    if (file && !fits) await this.options.requests?.request(tenant, await this.options.store.changes(tenant));
    return layer;
  }

  /**
   * Trains the workspace's layer from all its examples, over the shipped model and its current playbook. `change`
   * (from a queued job) skips the work when a later change is already queued.
   */
  async retrain(tenant: string, change?: number): Promise<RetrainResult> {
    const store = this.options.store;
    const changes = await store.changes(tenant);
    if (change !== undefined && change < changes) return { kind: 'superseded' };
    const started = performance.now();
    const book = await this.options.playbooks.current(tenant);
    const base = this.options.coach.detectorFor(book.playbook, playbookCacheKey(tenant, book));
    const classes = base.categoryIds;
    // a retired (or deleted) category teaches nothing: its corrections neither point at it nor silence the message
    const all = await store.examples(tenant);
    const examples = all.filter((e) => !e.categoryId || classes.includes(e.categoryId));
    if (examples.length === 0) {
      await store.saveLayer(tenant, undefined);
      return { kind: 'cleared', version: changes };
    }
    const file = trainLayerOver(
      base,
      examples.map((e) => ({ text: e.text, ...(e.categoryId ? { categoryId: e.categoryId } : {}) })),
      { version: changes, now: this.clock() },
    );
    await store.saveLayer(tenant, file);
    this.cached.delete(tenant);
    return {
      kind: 'trained',
      version: changes,
      examples: all.length,
      used: examples.length,
      ms: Math.round(performance.now() - started),
    };
  }

  async status(tenant: string): Promise<LearningStatus> {
    const store = this.options.store;
    const [examples, changes, file] = await Promise.all([
      store.examples(tenant),
      store.changes(tenant),
      store.loadLayer(tenant),
    ]);
    const bySource: Record<TaughtBy, number> = { dismissed: 0, recategorized: 0, logged: 0 };
    for (const e of examples) bySource[e.source]++;
    const modelVersion = this.options.coach.model.version;
    const current = file?.modelVersion === modelVersion;
    return {
      examples: examples.length,
      bySource,
      changes,
      ...(file
        ? {
            layer: {
              version: file.version,
              trainedAt: file.trainedAt,
              examples: file.examples.length,
              modelVersion: file.modelVersion,
              current,
            },
          }
        : {}),
      modelVersion,
      upToDate: file ? current && file.version >= changes : changes === 0 || examples.length === 0,
    };
  }
}
