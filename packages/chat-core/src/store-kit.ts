// `@colloquy/chat-core/store-kit`: for session store authors. The session logic every store
// shares (`createSessionRules`: begin / checkpoint / commit / release, lease recovery,
// expiry, fork), decoding stored data with `SessionCorruptError` naming the session, `list`
// pages and cursors, the contract's error verdicts, and the async face over a blocking
// store. A store keeps only its storage; see docs/store-template.md.
export { createSessionRules, type SessionRules } from './store/kit/create-session-rules';
export { listPage } from './store/kit/list-page';
export {
  decodeSession,
  decodeSessionRow,
  decodeTurn,
  decodeTurnRow,
  encodeHead,
  encodeSessionWrite,
  encodeTurn,
  isTurnRecord,
  type SessionFields,
  type SessionRow,
  type TurnRow,
} from './store/kit/session-codec';
export type { SessionState } from './store/kit/session-state';
export {
  alreadyCommitted,
  createConflict,
  isStoreVerdict,
  lostLease,
  needsSession,
} from './store/kit/store-errors';
export { withAsyncFace } from './store/kit/with-async-face';
