import type { GenerateContentConfig } from '../types/generate-content-config';

/** What a session is, apart from its turns. Times are milliseconds since the epoch. */
export interface SessionHead {
  id: string;
  ownerId?: string;
  /** The model the session was created with. */
  model: string;
  /** The chat's default config as stored: JSON only (no tools' functions, no secrets). */
  config?: GenerateContentConfig;
  metadata?: Record<string, unknown>;
  /**
   * Goes up by one with every write that changes the session (a turn begun, committed or
   * released; a recovered turn). Writers compare-and-set on it.
   */
  version: number;
  /** How many turns are committed (the highest `seq`). */
  turnCount: number;
  createdAt: number;
  updatedAt: number;
  /** Set when the store has `ttlMs`: the session is gone after this time unless written again. */
  expiresAt?: number;
  /** Set on a session made by `fork`. */
  forkedFrom?: { sessionId: string; atTurn: number };
}
