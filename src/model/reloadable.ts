/**
 * The predictor the server hands to the bot, the pages and the JSON API: the loaded model behind
 * one reference, which reload() replaces with the newest valid version without stopping anything.
 *
 * The new version is loaded and checked completely (load-predictor.ts) while the old one goes on
 * answering; only then is the reference swapped, in one assignment. Every answer is built from a
 * single model: predict, hourlyRisk and the usual rate are synchronous, and an answer (the bot's
 * card, a page, an API response) calls them in one synchronous run, so a swap, which happens
 * between two turns of the event loop, can never fall inside one. Turns already past that point
 * finish with what the old model said; turns that reach it later use the new one. A load that
 * fails (a file missing, truncated, mismatched) changes nothing: the old model stays, and the log
 * says why in one line.
 */
import { ArtifactError } from './artifacts';
import type { LoadedVersion } from './load-predictor';
import type { DelayPredictor } from './types';

export type ReloadOutcome = 'ok' | 'failed';

export interface ReloadResult {
  outcome: ReloadOutcome;
  /** The version answering after the reload. */
  model: string;
  previous: string;
  /** Why the load failed (outcome failed). */
  problem?: string;
}

/** The logger calls a reload makes (pino's Logger fits). */
export interface ReloadLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ReloadOptions {
  /** Loads the newest valid version (loadNewestVersion with the server's paths and threshold). */
  load: () => Promise<LoadedVersion>;
  logger: ReloadLogger;
  /** Called once per finished reload (metrics). */
  onReload?: (outcome: ReloadOutcome) => void;
}

/** A message for the log: our ArtifactErrors name the file and the problem; anything else only its kind. */
function problemOf(err: unknown): string {
  if (err instanceof ArtifactError) return err.message;
  return `unexpected ${err instanceof Error ? err.name : typeof err} while loading`;
}

export class ReloadablePredictor implements DelayPredictor {
  private current: DelayPredictor;
  private running?: Promise<ReloadResult>;
  private again = false;

  constructor(first: DelayPredictor, private readonly options: ReloadOptions) {
    this.current = first;
  }

  get info(): DelayPredictor['info'] {
    return this.current.info;
  }

  // Further arguments (the model's coming recent incidents) pass through untouched.
  predict(...args: Parameters<DelayPredictor['predict']>): ReturnType<DelayPredictor['predict']> {
    return this.current.predict(...args);
  }

  predictBatch(...args: Parameters<DelayPredictor['predictBatch']>): ReturnType<DelayPredictor['predictBatch']> {
    return this.current.predictBatch(...args);
  }

  hourlyRisk(...args: Parameters<DelayPredictor['hourlyRisk']>): ReturnType<DelayPredictor['hourlyRisk']> {
    return this.current.hourlyRisk(...args);
  }

  /**
   * Loads the newest valid version and swaps it in. A reload asked for while one is loading is
   * not lost: one more load runs after it (the files may have changed after the first began);
   * both callers get the last result. Never rejects.
   */
  reload(): Promise<ReloadResult> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let result: ReloadResult;
      do {
        this.again = false;
        result = await this.reloadOnce();
      } while (this.again);
      return result;
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async reloadOnce(): Promise<ReloadResult> {
    const previous = this.current.info.version;
    let result: ReloadResult;
    try {
      const loaded = await this.options.load();
      this.current = loaded.predictor; // the swap
      result = { outcome: 'ok', model: loaded.predictor.info.version, previous };
      this.options.logger.info(
        { model: result.model, previous, backend: loaded.predictor.info.backend },
        result.model === previous ? 'model reloaded (same version)' : 'model reloaded',
      );
    } catch (err) {
      result = { outcome: 'failed', model: previous, previous, problem: problemOf(err) };
      this.options.logger.warn({ model: previous, problem: result.problem }, 'model reload failed; the loaded model goes on answering');
    }
    try {
      this.options.onReload?.(result.outcome);
    } catch {
      // metrics never break a reload
    }
    return result;
  }
}
