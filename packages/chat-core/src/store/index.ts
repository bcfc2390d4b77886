export type { PendingTurnState } from './pending-turn-state';
export type { SessionHead } from './session-head';
export type {
  BeganTurn,
  BeginTurnParameters,
  CheckpointParameters,
  CommitTurnParameters,
  ForkParameters,
  ListSessionsParameters,
  NewSession,
  RecoveredSessions,
  SessionList,
  SessionStore,
  SyncSessionStore,
} from './session-store';
export type { SessionStoreOptions } from './session-store-options';
export type { StoredSession } from './stored-session';
export type { StoredTurn, TurnInput } from './stored-turn';
