// The bench reports; only the targets issue 10 set are pass/fail (streaming vs the raw limit
// and the best peer, bookkeeping vs the limit and @google/genai, the 10,000-turn session's
// memory, bundle weights). Every other figure is shown with this in its target column.
export const REPORTED = 'reported';
