/**
 * Telemetry the server emits for the alert manager (`EventServer.observe`).
 * Observations are plain objects built only when someone listens; a throwing
 * listener is ignored so telemetry can never break delivery.
 */
import type { EventsErrorCode, Role } from './protocol.js';

export type EventObservation =
  | {
      kind: 'event';
      threadId: string;
      runId: string;
      seq: number;
      runSeq: number;
      event: string;
      synthetic: boolean;
      /** Server receive time (ms). */
      ts: number;
      /** The redacted payload as stored. */
      payload: Record<string, unknown>;
      /** Live subscribers the event was queued to. */
      subscribers: number;
    }
  | {
      kind: 'delivery';
      /** Oldest frame of this write tick: time from being queued to being handed to the socket. */
      lagMs: number;
      frames: number;
      connections: number;
      /** The largest `bufferedAmount` among the sockets written in this tick. */
      maxBufferedBytes: number;
    }
  | {
      kind: 'rejected';
      code: EventsErrorCode;
      message: string;
      transport: 'ws' | 'http';
      connectionId?: string;
      role?: Role;
      threadId?: string;
      runId?: string;
      event?: string;
    }
  | {
      kind: 'connection';
      /** `closing`: the server decided to close (e.g. 4008); `closed` follows once the socket is gone. */
      phase: 'opened' | 'closing' | 'closed';
      connectionId: string;
      role?: Role;
      code?: number;
      reason?: string;
    };

export type ObservationListener = (observation: EventObservation) => void;

/** A tiny listener set; `active` lets hot paths skip building observations. */
export class Observers {
  private readonly listeners = new Set<ObservationListener>();

  get active(): boolean {
    return this.listeners.size > 0;
  }

  add(listener: ObservationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(observation: EventObservation): void {
    for (const listener of this.listeners) {
      try {
        listener(observation);
      } catch {
        // A broken listener must not break the server (the alert manager is optional).
      }
    }
  }
}
