/**
 * Alerts as `x.alert` events on the reserved `_netra` thread of the chat
 * event server, so a UI can show them. Silent while no server runs.
 */
import type { AlertRecord, AlertSink } from '../types.js';

export type SystemPublisher = (threadId: string, event: string, payload: unknown) => void;

export const ALERT_THREAD = '_netra';
export const ALERT_EVENT = 'x.alert';

export function createEventSink(current: () => SystemPublisher | undefined): AlertSink {
  return {
    write(record: AlertRecord) {
      const publish = current();
      if (!publish) return;
      try {
        publish(ALERT_THREAD, ALERT_EVENT, record);
      } catch {
        // The server may be closing; the other sinks still have the alert.
      }
    },
    close: async () => undefined,
  };
}
