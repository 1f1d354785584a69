// The record a form is open on, as the screen last fetched it. When the data layer brings a newer
// version (another window, a sync round) while the clerk is typing, the form says so and keeps
// what was typed: nothing is overwritten behind the clerk's back.
import { createContext, useContext } from 'react';

export interface WatchedRecord {
  /** Changes whenever the record changes (a digest of what the screen shows). */
  version: string;
  /** The record now, in words: "状态：办理中；转办：鼓楼区（已接收）". */
  describe: string;
}

export const RecordWatchContext = createContext<WatchedRecord | null>(null);

export function useWatchedRecord(): WatchedRecord | null {
  return useContext(RecordWatchContext);
}
