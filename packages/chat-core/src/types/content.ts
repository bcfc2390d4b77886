import type { Part } from './part';

/** Who produced a turn. Providers' `assistant` maps to `model`. */
export type Role = 'user' | 'model';

/** One turn of a conversation. */
export interface Content {
  role: Role;
  parts: Part[];
}

/** What `sendMessage` accepts: a string, a part, or a list of strings and parts. */
export type PartUnion = string | Part;
export type PartListUnion = PartUnion | PartUnion[];
